// Records as the pipelines hand them over: genai_events' records from spans ended through a real
// TracerProvider, and plain log records (an app's logs) for the batching limits.
import type { LogsConsumer } from '@genai-otel/component';
import { GenAIEventsConnector } from '@genai-otel/connector-genai-events';
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';

const RESOURCE = resourceFromAttributes({ 'service.name': 'revops-agents' });

/**
 * One RevOps conversation through a real TracerProvider into `connector` (already attached):
 * every span kind and category — a workflow, LLM calls (one slow, one rate-limited), an agent
 * run, a handoff, datastore tools (one failing), a decision tool, a retrieval.
 */
export function recordConversation(
  connector: GenAIEventsConnector,
  conversation: string,
  endMs = Date.now(),
): void {
  const tracer = new TracerProvider({
    resource: RESOURCE,
    spanProcessors: [connector.spanProcessor],
  }).getTracer('revops');
  const end = (name: string, attributes: Attributes, ms = 300, error?: string) => {
    const span = tracer.startSpan(name, {
      attributes: {
        'gen_ai.conversation.id': conversation,
        'session.id': `session-of-${conversation}`,
        'user.id': 'rep-17',
        ...attributes,
      },
      startTime: endMs - ms,
    });
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    span.end(endMs);
  };
  const chat = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
  };
  end('chat gpt-4o', {
    ...chat,
    'gen_ai.agent.name': 'lead-scorer',
    'gen_ai.usage.input_tokens': 100,
    'gen_ai.usage.output_tokens': 20,
    'gen_ai.usage.cost.amount': 0.00045,
  });
  end(
    'chat gpt-4o',
    { ...chat, 'gen_ai.usage.input_tokens': 4000, 'gen_ai.usage.output_tokens': 900 },
    7200,
  );
  end(
    'invoke_agent lead-scorer',
    { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'lead-scorer' },
    8000,
  );
  end('handoff', {
    'gen_ai.operation.name': 'handoff',
    'gen_ai.agent.handoff.source.name': 'lead-scorer',
    'gen_ai.agent.handoff.target.name': 'deal-desk',
    'gen_ai.agent.handoff.reason': 'routing',
    'gen_ai.agent.handoff.confidence': 0.9,
  });
  end('execute_tool crm', {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'crm_read',
    'gen_ai.tool.type': 'datastore',
  });
  end(
    'execute_tool crm',
    {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'crm_write',
      'gen_ai.tool.type': 'datastore',
      'error.type': 'AccessDenied',
    },
    120,
    'no write access to the account',
  );
  end('execute_tool discount', {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'discount',
  });
  end('retrieval playbooks', {
    'gen_ai.operation.name': 'retrieval',
    'gen_ai.data_source.id': 'playbooks',
    'gen_ai.retrieval.outcome': 'hit',
    'gen_ai.retrieval.document.count': 3,
  });
  end(
    'chat gpt-4o',
    { ...chat, 'gen_ai.agent.name': 'deal-desk', 'error.type': 'RateLimitError' },
    40,
    'rate limited',
  );
  end(
    'invoke_workflow qualify',
    { 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'qualify' },
    9000,
  );
}

/** The records of `recordConversation`, from a connector of their own. */
export function conversationRecords(conversation: string, endMs = Date.now()): ReadableLogRecord[] {
  const connector = new GenAIEventsConnector({ captureContent: false });
  const records: ReadableLogRecord[] = [];
  const consumer: LogsConsumer = { consume: (r) => records.push(...r) };
  connector.attachLogs(consumer);
  recordConversation(connector, conversation, endMs);
  return records;
}

/** A plain log record (an app's log line) at `ms` with `body`. */
export function logRecord(
  ms: number,
  body: string,
  attributes: Attributes = {},
): ReadableLogRecord {
  const t: [number, number] = [Math.floor(ms / 1000), (ms % 1000) * 1e6];
  return {
    hrTime: t,
    hrTimeObserved: t,
    body,
    severityNumber: 9,
    severityText: 'INFO',
    resource: RESOURCE,
    instrumentationScope: { name: 'app' },
    attributes,
    droppedAttributesCount: 0,
  };
}
