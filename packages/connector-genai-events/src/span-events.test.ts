/**
 * Every span kind through a real TracerProvider into the connector, its records asserted field
 * by field (what a Logs Insights query or a routing rule will read).
 */
import { captureLog } from '@genai-otel/test-utils';
import { SeverityNumber } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { CONTENT_FIELDS } from './fields.js';
import { harness, START_MS } from './test-helpers.js';

const CONVERSATION = 'conv-42';
const CONTEXT = {
  'gen_ai.conversation.id': CONVERSATION,
  'user.id': 'u-7',
  'session.id': 'sess-1',
};

/** The fields every record of a span has. */
function common(span: { spanContext(): { traceId: string; spanId: string } }) {
  const { traceId, spanId } = span.spanContext();
  return {
    trace_id: traceId,
    span_id: spanId,
    correlation_id: CONVERSATION,
    conversation_id: CONVERSATION,
    session_id: 'sess-1',
    user_id: 'u-7',
    tenant_id: 'acme',
    service: 'support-bot',
  };
}

describe('genai_events: one record per span kind', () => {
  it('an LLM call: model, provider, tokens, cost, duration, time to first chunk, outcome', () => {
    const h = harness();
    const span = h.span(
      'chat gpt-4o-mini',
      {
        ...CONTEXT,
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 30,
        'gen_ai.usage.cost.amount': 0.000036,
        'gen_ai.usage.cost.currency': 'USD',
        'gen_ai.response.time_to_first_chunk': 0.125,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.agent.name': 'triage',
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
      },
      812,
    );
    expect(h.records).toHaveLength(1);
    const r = h.records[0]!;
    expect(r.eventName).toBe('genai.llm_call');
    expect(r.severityNumber).toBe(SeverityNumber.INFO);
    expect(r.severityText).toBe('INFO');
    expect(r.hrTime).toEqual([
      Math.floor((START_MS + 812) / 1000),
      ((START_MS + 812) % 1000) * 1e6,
    ]);
    expect(r.spanContext?.traceId).toBe(span.spanContext().traceId);
    expect(r.resource.attributes['service.name']).toBe('support-bot');
    expect(r.instrumentationScope.name).toBe('@genai-otel/connector-genai-events');
    expect(r.attributes).toEqual({
      event: 'llm_call',
      category: 'conversation',
      ...common(span),
      span_name: 'chat gpt-4o-mini',
      operation: 'chat',
      provider: 'openai',
      model: 'gpt-4o-mini-2024-07-18',
      request_model: 'gpt-4o-mini',
      agent: 'triage',
      duration_ms: 812,
      outcome: 'success',
      input_tokens: 120,
      output_tokens: 30,
      total_tokens: 150,
      cost: 0.000036,
      cost_currency: 'USD',
      time_to_first_chunk_ms: 125,
      finish_reasons: 'stop',
    });
  });

  it('a failed LLM call: its own record with the error, and one in the error category', () => {
    const h = harness();
    const span = h.span(
      'chat claude',
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': 'claude-sonnet-4',
        'error.type': 'RateLimitError',
      },
      40,
      '429 rate limited',
    );
    const { traceId, spanId } = span.spanContext();
    expect(h.records.map((r) => [r.eventName, r.severityNumber])).toEqual([
      ['genai.llm_call', SeverityNumber.ERROR],
      ['genai.error', SeverityNumber.ERROR],
    ]);
    const base = {
      trace_id: traceId,
      span_id: spanId,
      // No conversation id: the trace id correlates.
      correlation_id: traceId,
      tenant_id: 'acme',
      service: 'support-bot',
      span_name: 'chat claude',
      operation: 'chat',
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      request_model: 'claude-sonnet-4',
      duration_ms: 40,
      outcome: 'error',
      error_type: 'RateLimitError',
      error_message: '429 rate limited',
    };
    expect(h.records[0]!.attributes).toEqual({
      event: 'llm_call',
      category: 'conversation',
      ...base,
    });
    expect(h.records[1]!.attributes).toEqual({
      event: 'error',
      category: 'error',
      failed_event: 'llm_call',
      ...base,
    });
  });

  it('an error without error.type is _OTHER, its message from the recorded exception', () => {
    const h = harness();
    const span = h.tracer.startSpan('execute_tool crm', {
      attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'crm' },
      startTime: START_MS,
    });
    span.recordException(new TypeError('crm timed out'));
    span.setStatus({ code: 2 });
    span.end(START_MS + 5);
    expect(
      h.records.map((r) => [
        r.attributes.event,
        r.attributes.error_type,
        r.attributes.error_message,
      ]),
    ).toEqual([
      ['tool_call', '_OTHER', 'crm timed out'],
      ['error', '_OTHER', 'crm timed out'],
    ]);
    expect(h.records[0]!.attributes.outcome).toBe('error');
  });

  it('an agent run: agent, id, its own outcome (a handoff to a human)', () => {
    const h = harness();
    const span = h.span(
      'invoke_agent billing',
      {
        ...CONTEXT,
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'billing',
        'gen_ai.agent.id': 'agent-9',
        'gen_ai.agent.outcome': 'handoff',
      },
      1500,
    );
    expect(h.records.map((r) => r.attributes)).toEqual([
      {
        event: 'agent_run',
        category: 'agent_collaboration',
        ...common(span),
        span_name: 'invoke_agent billing',
        operation: 'invoke_agent',
        agent: 'billing',
        agent_id: 'agent-9',
        duration_ms: 1500,
        outcome: 'handoff',
      },
    ]);
  });

  it('a tool call: a decision, or a data operation for a datastore tool', () => {
    const h = harness();
    const a = h.span('execute_tool refund', {
      ...CONTEXT,
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'refund',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.call.outcome': 'success',
      'gen_ai.tool.call.arguments': '{"order":"A-1"}',
    });
    const b = h.span('execute_tool crm', {
      ...CONTEXT,
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'crm_lookup',
      'gen_ai.tool.type': 'datastore',
    });
    expect(h.records.map((r) => r.attributes)).toEqual([
      {
        event: 'tool_call',
        category: 'decision',
        ...common(a),
        span_name: 'execute_tool refund',
        operation: 'execute_tool',
        tool: 'refund',
        tool_type: 'function',
        tool_call_id: 'call_1',
        duration_ms: 250,
        outcome: 'success',
      },
      {
        event: 'tool_call',
        category: 'data_operation',
        ...common(b),
        span_name: 'execute_tool crm',
        operation: 'execute_tool',
        tool: 'crm_lookup',
        tool_type: 'datastore',
        duration_ms: 250,
        outcome: 'success',
      },
    ]);
  });

  it('a handoff: source, target, target type, reason, confidence', () => {
    const h = harness();
    const span = h.span('handoff triage → billing', {
      ...CONTEXT,
      'gen_ai.operation.name': 'handoff',
      'gen_ai.agent.handoff.source.name': 'triage',
      'gen_ai.agent.handoff.target.name': 'billing',
      'gen_ai.agent.handoff.target.type': 'agent',
      'gen_ai.agent.handoff.reason': 'routing',
      'gen_ai.agent.handoff.confidence': 0.82,
    });
    expect(h.records.map((r) => r.attributes)).toEqual([
      {
        event: 'handoff',
        category: 'agent_collaboration',
        ...common(span),
        span_name: 'handoff triage → billing',
        operation: 'handoff',
        handoff_source: 'triage',
        handoff_target: 'billing',
        handoff_target_type: 'agent',
        handoff_reason: 'routing',
        handoff_confidence: 0.82,
        duration_ms: 250,
        outcome: 'success',
      },
    ]);
  });

  it('a retrieval and a rerank: data source, hit or miss, document count', () => {
    const h = harness();
    const r = h.span('retrieval kb', {
      ...CONTEXT,
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'kb-faq',
      'gen_ai.retrieval.outcome': 'miss',
      'gen_ai.retrieval.document.count': 0,
      'gen_ai.retrieval.query.text': 'refund policy',
    });
    const k = h.span('rerank', {
      ...CONTEXT,
      'gen_ai.operation.name': 'rerank',
      'gen_ai.request.model': 'rerank-v3',
      'gen_ai.data_source.id': 'kb-faq',
    });
    expect(h.records.map((x) => x.attributes)).toEqual([
      {
        event: 'retrieval',
        category: 'data_operation',
        ...common(r),
        span_name: 'retrieval kb',
        operation: 'retrieval',
        data_source: 'kb-faq',
        retrieval_outcome: 'miss',
        document_count: 0,
        duration_ms: 250,
        outcome: 'success',
      },
      {
        event: 'rerank',
        category: 'data_operation',
        ...common(k),
        span_name: 'rerank',
        operation: 'rerank',
        model: 'rerank-v3',
        request_model: 'rerank-v3',
        data_source: 'kb-faq',
        duration_ms: 250,
        outcome: 'success',
      },
    ]);
  });

  it('embeddings: a data operation with its tokens; a workflow: the conversation turn', () => {
    const h = harness();
    const e = h.span('embeddings', {
      ...CONTEXT,
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 8,
    });
    const w = h.span('invoke_workflow support', {
      ...CONTEXT,
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'support',
    });
    expect(h.records.map((x) => x.attributes)).toEqual([
      {
        event: 'embeddings',
        category: 'data_operation',
        ...common(e),
        span_name: 'embeddings',
        operation: 'embeddings',
        model: 'text-embedding-3-small',
        request_model: 'text-embedding-3-small',
        input_tokens: 8,
        total_tokens: 8,
        duration_ms: 250,
        outcome: 'success',
      },
      {
        event: 'workflow',
        category: 'conversation',
        ...common(w),
        span_name: 'invoke_workflow support',
        operation: 'invoke_workflow',
        workflow: 'support',
        duration_ms: 250,
        outcome: 'success',
      },
    ]);
  });
});

describe('genai_events: agent creation, and a failure inside', () => {
  it('an agent creation: agent collaboration', () => {
    const h = harness();
    const span = h.span('create_agent billing', {
      ...CONTEXT,
      'gen_ai.operation.name': 'create_agent',
      'gen_ai.agent.name': 'billing',
    });
    expect(h.records.map((r) => r.attributes)).toEqual([
      {
        event: 'agent_create',
        category: 'agent_collaboration',
        ...common(span),
        span_name: 'create_agent billing',
        operation: 'create_agent',
        agent: 'billing',
        duration_ms: 250,
        outcome: 'success',
      },
    ]);
  });

  it('a consumer that throws never reaches the app; said once', async () => {
    const { GenAIEventsConnector } = await import('./genai-events-connector.js');
    const log = captureLog();
    const c = new GenAIEventsConnector({ captureContent: false, log });
    c.attachLogs({
      consume() {
        throw new Error('pipeline broke');
      },
    });
    const { TracerProvider } = await import('@opentelemetry/sdk-trace');
    const tracer = new TracerProvider({ spanProcessors: [c.spanProcessor] }).getTracer('t');
    for (let i = 0; i < 2; i++) {
      expect(() =>
        tracer.startSpan('chat', { attributes: { 'gen_ai.operation.name': 'chat' } }).end(),
      ).not.toThrow();
    }
    expect(log.lines).toEqual([
      'warn: could not turn span "chat" into events: pipeline broke (further failures are not reported)',
    ]);
  });
});

describe('genai_events: what is left out', () => {
  it('spans that are not GenAI, and LLM calls another span owns (one call, one owner)', () => {
    const h = harness();
    h.span('GET /health', { 'http.route': '/health' });
    h.span('chat gpt', {
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.owner_span_id': '00f067aa0ba902b7',
    });
    h.span('unknown op', { 'gen_ai.operation.name': 'something_new' });
    expect(h.records).toEqual([]);
  });

  it('invalid token counts and costs are left out, never summed', () => {
    const h = harness();
    h.span('chat', {
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.input_tokens': -5,
      'gen_ai.usage.output_tokens': 12.5,
      'gen_ai.usage.cost.amount': Number.NaN,
    });
    const a = h.records[0]!.attributes;
    for (const key of ['input_tokens', 'output_tokens', 'total_tokens', 'cost']) {
      expect(a[key]).toBeUndefined();
    }
  });

  it('no message content by default, even when the span carries it', () => {
    const h = harness(false);
    h.span('chat', {
      'gen_ai.operation.name': 'chat',
      'gen_ai.system_instructions': 'be terse',
      'gen_ai.input.messages': '[{"role":"user"}]',
      'gen_ai.output.messages': '[{"role":"assistant"}]',
    });
    h.span('tool', {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.call.arguments': '{"card":"4111"}',
      'gen_ai.tool.call.result': '{"ok":true}',
    });
    h.span('retrieval', {
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.retrieval.query.text': 'q',
    });
    for (const r of h.records)
      for (const f of CONTENT_FIELDS) expect(r.attributes[f]).toBeUndefined();
    expect(JSON.stringify(h.records.map((r) => r.attributes))).not.toMatch(/be terse|4111|"q"/);
  });

  it('content with capture on', () => {
    const h = harness(true);
    h.span('chat', {
      'gen_ai.operation.name': 'chat',
      'gen_ai.system_instructions': 'be terse',
      'gen_ai.input.messages': '[{"role":"user"}]',
      'gen_ai.output.messages': '[{"role":"assistant"}]',
    });
    h.span('tool', {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.call.arguments': '{"card":"4111"}',
      'gen_ai.tool.call.result': '{"ok":true}',
    });
    h.span('retrieval', {
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.retrieval.query.text': 'q',
    });
    expect(h.records[0]!.attributes).toMatchObject({
      system_instructions: 'be terse',
      input_messages: '[{"role":"user"}]',
      output_messages: '[{"role":"assistant"}]',
    });
    expect(h.records[1]!.attributes).toMatchObject({
      tool_arguments: '{"card":"4111"}',
      tool_result: '{"ok":true}',
    });
    expect(h.records[2]!.attributes).toMatchObject({ query_text: 'q' });
  });

  it('builds nothing before a logs pipeline attaches', async () => {
    const { GenAIEventsConnector } = await import('./genai-events-connector.js');
    const c = new GenAIEventsConnector({ captureContent: false });
    expect(() => c.spanProcessor.onEnd({} as never)).not.toThrow();
  });
});
