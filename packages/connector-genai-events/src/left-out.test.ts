/**
 * What genai_events leaves out: spans that are not GenAI or whose call another span owns, invalid
 * counts, message content unless capture is on — and a failing pipeline never reaches the app.
 */
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
} from '@genai-otel/semantic-conventions';
import { captureLog } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { CONTENT_FIELDS } from './fields.js';
import { harness } from './test-helpers.js';

/** The same content on a chat call, a tool call and a retrieval. */
function spansWithContent(h: ReturnType<typeof harness>): void {
  h.span('chat', {
    [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
    [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: 'be terse',
    [ATTR_GEN_AI_INPUT_MESSAGES]: '[{"role":"user"}]',
    [ATTR_GEN_AI_OUTPUT_MESSAGES]: '[{"role":"assistant"}]',
  });
  h.span('tool', {
    [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
    [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: '{"card":"4111"}',
    [ATTR_GEN_AI_TOOL_CALL_RESULT]: '{"ok":true}',
  });
  h.span('retrieval', {
    [ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
    [ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT]: 'q',
  });
}

describe('genai_events: what is left out', () => {
  it('spans that are not GenAI, and LLM calls another span owns (one call, one owner)', () => {
    const h = harness();
    h.span('GET /health', { 'http.route': '/health' });
    h.span('chat gpt', {
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 5,
      [ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]: '00f067aa0ba902b7',
    });
    h.span('unknown op', { [ATTR_GEN_AI_OPERATION_NAME]: 'something_new' });
    expect(h.records).toEqual([]);
  });

  it('invalid token counts and costs are left out, never summed', () => {
    const h = harness();
    h.span('chat', {
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: -5,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 12.5,
      [ATTR_GEN_AI_USAGE_COST_AMOUNT]: Number.NaN,
    });
    const a = h.records[0]!.attributes;
    for (const key of ['input_tokens', 'output_tokens', 'total_tokens', 'cost']) {
      expect(a[key]).toBeUndefined();
    }
  });

  it('no message content by default, even when the span carries it', () => {
    const h = harness(false);
    spansWithContent(h);
    for (const r of h.records)
      for (const f of CONTENT_FIELDS) expect(r.attributes[f]).toBeUndefined();
    expect(JSON.stringify(h.records.map((r) => r.attributes))).not.toMatch(/be terse|4111|"q"/);
  });

  it('content with capture on', () => {
    const h = harness(true);
    spansWithContent(h);
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

describe('genai_events: a failure stays inside', () => {
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
        tracer.startSpan('chat', { attributes: { [ATTR_GEN_AI_OPERATION_NAME]: 'chat' } }).end(),
      ).not.toThrow();
    }
    expect(log.lines).toEqual([
      'warn: could not turn span "chat" into events: pipeline broke (further failures are not reported)',
    ]);
  });
});
