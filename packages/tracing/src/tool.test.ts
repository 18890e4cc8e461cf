import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { attributes, isChildOf, useTracing } from '../test/helpers.js';
import { configureTracing, resetTracingConfiguration, withAgent, withTool } from './index.js';

describe('withTool', () => {
  const t = useTracing();

  it('runs the function as execute_tool {name} under the running agent', async () => {
    const rows = await withAgent('data', () =>
      withTool(
        {
          name: 'sql_query',
          callId: 'call_1',
          type: 'datastore',
          description: 'Runs SQL',
          arguments: { sql: 'select 1' },
        },
        async () => [{ n: 1 }],
      ),
    );
    expect(rows).toEqual([{ n: 1 }]);
    const span = t.span('execute_tool sql_query');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(isChildOf(span, t.span('invoke_agent data'))).toBe(true);
    // Content capture is off: neither arguments nor result.
    expect(attributes(span)).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'sql_query',
      'gen_ai.tool.type': 'datastore',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.description': 'Runs SQL',
      'gen_ai.tool.call.outcome': 'success',
      // Stamped by GenAIContextSpanProcessor: the agent that called the tool.
      'gen_ai.agent.name': 'data',
    });
  });

  it('defaults the type to function', () => {
    withTool('lookup', () => undefined);
    expect(attributes(t.span('execute_tool lookup'))).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.outcome': 'success',
    });
  });

  it('records a failure with outcome error and rethrows it unchanged', async () => {
    const error = new RangeError('db locked');
    await expect(
      withTool({ name: 'sql_query' }, async () => {
        throw error;
      }),
    ).rejects.toBe(error);
    const span = t.span('execute_tool sql_query');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'db locked' });
    expect(span.attributes['gen_ai.tool.call.outcome']).toBe('error');
    expect(span.attributes['error.type']).toBe('RangeError');
  });
});

describe('withTool with content capture', () => {
  const t = useTracing({ captureMessageContent: true });

  it('records arguments and result as JSON; JSON text arguments as they are', async () => {
    await withTool({ name: 'a', arguments: { deal: 7 } }, async () => ({ rows: 2 }));
    withTool({ name: 'b', arguments: '{"deal":7}' }, () => 'plain text');
    expect(t.span('execute_tool a').attributes['gen_ai.tool.call.arguments']).toBe('{"deal":7}');
    expect(t.span('execute_tool a').attributes['gen_ai.tool.call.result']).toBe('{"rows":2}');
    expect(t.span('execute_tool b').attributes['gen_ai.tool.call.arguments']).toBe('{"deal":7}');
    expect(t.span('execute_tool b').attributes['gen_ai.tool.call.result']).toBe('plain text');
  });

  it('cuts long content to maxContentLength, keeping JSON valid', () => {
    configureTracing({ maxContentLength: 64 });
    withTool({ name: 'a', arguments: { text: 'x'.repeat(500) } }, () => 'y'.repeat(500));
    const args = String(t.span('execute_tool a').attributes['gen_ai.tool.call.arguments']);
    const result = String(t.span('execute_tool a').attributes['gen_ai.tool.call.result']);
    expect(args.length).toBeLessThanOrEqual(64);
    expect(JSON.parse(args).text).toMatch(/^x+…\[truncated\]$/);
    expect(result).toBe(`${'y'.repeat(52)}…[truncated]`);
  });

  it('leaves out a result that cannot be serialised, without failing the call', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(withTool('a', () => cyclic)).toBe(cyclic);
    const span = t.span('execute_tool a');
    expect(span.attributes['gen_ai.tool.call.result']).toBeUndefined();
    expect(span.attributes['gen_ai.tool.call.outcome']).toBe('success');
  });
});

describe('content capture switch', () => {
  const t = useTracing({ captureMessageContent: undefined });
  const saved = process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
  afterEach(() => {
    if (saved === undefined) delete process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
    else process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = saved;
  });

  it('follows OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT unless configured', () => {
    process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'TRUE';
    configureTracing({}); // settings are re-read after any configure call
    withTool({ name: 'env-on', arguments: { a: 1 } }, () => 1);
    configureTracing({ captureMessageContent: false });
    withTool({ name: 'config-off', arguments: { a: 1 } }, () => 1);
    process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'false';
    configureTracing({ captureMessageContent: undefined });
    withTool({ name: 'env-off', arguments: { a: 1 } }, () => 1);
    expect(t.span('execute_tool env-on').attributes['gen_ai.tool.call.arguments']).toBe('{"a":1}');
    expect(
      t.span('execute_tool config-off').attributes['gen_ai.tool.call.arguments'],
    ).toBeUndefined();
    expect(t.span('execute_tool env-off').attributes['gen_ai.tool.call.arguments']).toBeUndefined();
  });

  it('is off by default', () => {
    delete process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
    resetTracingConfiguration();
    configureTracing({ tracerProvider: t.tracing().tracerProvider });
    withTool({ name: 'a', arguments: { a: 1 } }, () => 1);
    expect(t.span('execute_tool a').attributes['gen_ai.tool.call.arguments']).toBeUndefined();
  });
});
