/**
 * Every span kind through a real TracerProvider into the connector, its records asserted field
 * by field (what a Logs Insights query or a routing rule will read).
 */
import {
  ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
} from '@genai-otel/semantic-conventions';
import { SeverityNumber } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { harness, START_MS } from './test-helpers.js';

const CONVERSATION = 'conv-42';
const CONTEXT = {
  [ATTR_GEN_AI_CONVERSATION_ID]: CONVERSATION,
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
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
        [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 120,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 30,
        [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 0.000036,
        [ATTR_GEN_AI_USAGE_COST_CURRENCY]: 'USD',
        [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: 0.125,
        [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
        [ATTR_GEN_AI_AGENT_NAME]: 'triage',
        [ATTR_GEN_AI_INPUT_MESSAGES]: '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
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
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_PROVIDER_NAME]: 'anthropic',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'claude-sonnet-4',
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
      attributes: { [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool', [ATTR_GEN_AI_TOOL_NAME]: 'crm' },
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
        [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
        [ATTR_GEN_AI_AGENT_NAME]: 'billing',
        [ATTR_GEN_AI_AGENT_ID]: 'agent-9',
        [ATTR_GEN_AI_AGENT_OUTCOME]: 'handoff',
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
      [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
      [ATTR_GEN_AI_TOOL_NAME]: 'refund',
      [ATTR_GEN_AI_TOOL_TYPE]: 'function',
      [ATTR_GEN_AI_TOOL_CALL_ID]: 'call_1',
      [ATTR_GEN_AI_TOOL_CALL_OUTCOME]: 'success',
      [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: '{"order":"A-1"}',
    });
    const b = h.span('execute_tool crm', {
      ...CONTEXT,
      [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
      [ATTR_GEN_AI_TOOL_NAME]: 'crm_lookup',
      [ATTR_GEN_AI_TOOL_TYPE]: 'datastore',
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
      [ATTR_GEN_AI_OPERATION_NAME]: 'handoff',
      [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'triage',
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'billing',
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: 'agent',
      [ATTR_GEN_AI_AGENT_HANDOFF_REASON]: 'routing',
      [ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE]: 0.82,
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
      [ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
      [ATTR_GEN_AI_DATA_SOURCE_ID]: 'kb-faq',
      [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: 'miss',
      [ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT]: 0,
      [ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT]: 'refund policy',
    });
    const k = h.span('rerank', {
      ...CONTEXT,
      [ATTR_GEN_AI_OPERATION_NAME]: 'rerank',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'rerank-v3',
      [ATTR_GEN_AI_DATA_SOURCE_ID]: 'kb-faq',
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
      [ATTR_GEN_AI_OPERATION_NAME]: 'embeddings',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'text-embedding-3-small',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 8,
    });
    const w = h.span('invoke_workflow support', {
      ...CONTEXT,
      [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_workflow',
      [ATTR_GEN_AI_WORKFLOW_NAME]: 'support',
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

describe('genai_events: agent creation', () => {
  it('an agent creation: agent collaboration', () => {
    const h = harness();
    const span = h.span('create_agent billing', {
      ...CONTEXT,
      [ATTR_GEN_AI_OPERATION_NAME]: 'create_agent',
      [ATTR_GEN_AI_AGENT_NAME]: 'billing',
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
});
