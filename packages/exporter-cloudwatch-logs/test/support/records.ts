// Records as the pipelines hand them over: genai_events' records from spans ended through a real
// TracerProvider, and plain log records (an app's logs) for the batching limits.
import type { LogsConsumer } from '@genai-otel/component';
import { GenAIEventsConnector } from '@genai-otel/connector-genai-events';
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';

const RESOURCE = resourceFromAttributes({ 'service.name': 'revops-agents' });

/** One conversation touching every category: chat, agent run, handoff, datastore tool, decision tool, a failed call. */
export function conversationRecords(conversation: string, endMs = Date.now()): ReadableLogRecord[] {
  const connector = new GenAIEventsConnector({ captureContent: false });
  const records: ReadableLogRecord[] = [];
  const consumer: LogsConsumer = { consume: (r) => records.push(...r) };
  connector.attachLogs(consumer);
  const tracer = new TracerProvider({
    resource: RESOURCE,
    spanProcessors: [connector.spanProcessor],
  }).getTracer('revops');
  const end = (name: string, attributes: Attributes, error?: string) => {
    const span = tracer.startSpan(name, {
      attributes: { 'gen_ai.conversation.id': conversation, ...attributes },
      startTime: endMs - 300,
    });
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    span.end(endMs);
  };
  end('chat gpt-4o', {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.input_tokens': 100,
    'gen_ai.usage.output_tokens': 20,
  });
  end('invoke_agent lead-scorer', {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': 'lead-scorer',
  });
  end('handoff', {
    'gen_ai.operation.name': 'handoff',
    'gen_ai.agent.handoff.source.name': 'lead-scorer',
    'gen_ai.agent.handoff.target.name': 'deal-desk',
  });
  end('execute_tool crm', {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'crm_read',
    'gen_ai.tool.type': 'datastore',
  });
  end('execute_tool discount', {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'discount',
  });
  end(
    'chat gpt-4o',
    {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'error.type': 'RateLimitError',
    },
    'rate limited',
  );
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
