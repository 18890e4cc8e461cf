import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_GUARDRAIL_NAME,
  ATTR_GEN_AI_GUARDRAIL_TRIGGERED,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
  GEN_AI_TOOL_TYPE,
  GENAI_OTEL_HANDOFF_TARGET_TYPE,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_OUTCOME,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import { SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentsSpan, AgentsSpanData } from './sdk-types.js';
import { recordEnd, startPlan, toolCallsOf } from './span-mapping.js';

const off = { captureContent: false, maxContentLength: 100 };
const on = { captureContent: true, maxContentLength: 100 };
const tracing = createTestTracing();
const tracer = tracing.tracerProvider.getTracer('test');
afterEach(() => tracing.reset());

function ended(data: AgentsSpanData, error: AgentsSpan['error'] = null, settings = off) {
  tracing.reset();
  const span = tracer.startSpan('x');
  recordEnd(span, { spanId: 's', traceId: 't', parentId: null, spanData: data, error }, settings);
  span.end();
  return tracing.onlySpan();
}

describe('startPlan: each SDK span type', () => {
  it.each<[AgentsSpanData, string | undefined, SpanKind | undefined, Record<string, unknown>]>([
    [{ type: 'task', name: 'Agent workflow' }, undefined, undefined, {}],
    [{ type: 'turn', turn: 1 }, undefined, undefined, {}],
    [
      { type: 'agent', name: 'triage', tools: [] },
      'invoke_agent triage',
      SpanKind.INTERNAL,
      {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
        [ATTR_GEN_AI_AGENT_NAME]: 'triage',
      },
    ],
    [
      { type: 'function', name: 'get_weather', input: '{"city":"Oslo"}' },
      'execute_tool get_weather',
      SpanKind.INTERNAL,
      {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
        [ATTR_GEN_AI_TOOL_NAME]: 'get_weather',
        [ATTR_GEN_AI_TOOL_TYPE]: GEN_AI_TOOL_TYPE.FUNCTION,
      },
    ],
    [
      { type: 'handoff', from_agent: 'triage' },
      'handoff',
      SpanKind.INTERNAL,
      {
        [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.HANDOFF,
        [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'triage',
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: GENAI_OTEL_HANDOFF_TARGET_TYPE.AGENT,
      },
    ],
    [
      { type: 'guardrail', name: 'no_secrets', triggered: false },
      'guardrail no_secrets',
      SpanKind.INTERNAL,
      {
        [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.GUARDRAIL,
        [ATTR_GEN_AI_GUARDRAIL_NAME]: 'no_secrets',
      },
    ],
    [
      { type: 'response' },
      'chat',
      SpanKind.CLIENT,
      {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
        [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      },
    ],
    [
      { type: 'generation', model: 'gpt-4o' },
      'chat gpt-4o',
      SpanKind.CLIENT,
      {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
      },
    ],
    [
      { type: 'custom', name: 'load_profile', data: { a: 1 } },
      'load_profile',
      SpanKind.INTERNAL,
      {},
    ],
    [{ type: 'mcp_tools', server: 'fs' }, 'mcp_tools', SpanKind.INTERNAL, {}],
  ])('%j', (data, name, kind, attributes) => {
    const plan = startPlan(data, off);
    expect(plan?.name).toBe(name);
    expect(plan?.kind).toBe(kind);
    if (plan) expect(plan.attributes).toEqual(attributes);
  });

  it('records tool arguments only with content capture on', () => {
    const data = { type: 'function', name: 'f', input: '{"q":"x"}' };
    expect(startPlan(data, off)!.attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBeUndefined();
    expect(startPlan(data, on)!.attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBe('{"q":"x"}');
  });
});

describe('recordEnd', () => {
  it('a response: id, model in the name, usage with its details', () => {
    const span = ended({
      type: 'response',
      response_id: 'resp_1',
      _response: {
        id: 'resp_1',
        model: 'gpt-4o-mini-2024-07-18',
        usage: {
          input_tokens: 100,
          output_tokens: 20,
          input_tokens_details: { cached_tokens: 64 },
          output_tokens_details: { reasoning_tokens: 5 },
        },
      },
    });
    expect(span.name).toBe('chat gpt-4o-mini-2024-07-18');
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_RESPONSE_ID]: 'resp_1',
      [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 100,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 20,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 64,
      [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 5,
    });
  });

  it('a response without sensitive data (no `_response`): the id only, no usage', () => {
    const span = ended({ type: 'response', response_id: 'resp_2' });
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_ID]).toBe('resp_2');
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
  });

  it('a handoff: its target and full name', () => {
    const span = ended({ type: 'handoff', from_agent: 'a', to_agent: 'b' });
    expect(span.name).toBe('handoff b');
    expect(span.attributes[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]).toBe('b');
  });

  it('a guardrail: whether it tripped', () => {
    expect(ended({ type: 'guardrail', name: 'g', triggered: true }).attributes).toMatchObject({
      [ATTR_GEN_AI_GUARDRAIL_TRIGGERED]: true,
    });
  });

  it('a tool: result only with capture on; a failure: outcome, error.type, status', () => {
    expect(
      ended({ type: 'function', name: 'f', output: 'sunny' }, null, on).attributes[
        ATTR_GEN_AI_TOOL_CALL_RESULT
      ],
    ).toBe('sunny');
    const failed = ended(
      { type: 'function', name: 'f' },
      { message: 'Error running tool', data: { error: 'TypeError: boom' } },
    );
    expect(failed.attributes).toMatchObject({
      [ATTR_GEN_AI_TOOL_CALL_OUTCOME]: GENAI_OTEL_OUTCOME.ERROR,
      [ATTR_ERROR_TYPE]: 'TypeError',
    });
    expect(failed.status).toEqual({ code: 2, message: 'Error running tool' });
    const vague = ended({ type: 'agent', name: 'a' }, { message: 'x', data: { error: 'Error' } });
    expect(vague.attributes[ATTR_ERROR_TYPE]).toBe('_OTHER');
  });
});

describe('toolCallsOf', () => {
  it("lists a response's function calls, ignoring other items and bad ones", () => {
    expect(
      toolCallsOf({
        type: 'response',
        _response: {
          output: [
            { type: 'message' },
            { type: 'function_call', name: 'f', call_id: 'call_1', arguments: '{}' },
            { type: 'function_call', name: 'g' },
          ],
        },
      }),
    ).toEqual([{ name: 'f', callId: 'call_1', arguments: '{}', used: false }]);
    expect(toolCallsOf({ type: 'response' })).toEqual([]);
  });
});
