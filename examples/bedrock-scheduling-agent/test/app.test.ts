/**
 * The scheduling assistant run as a user runs it (`node --import @genai-otel/register`, ESM, no
 * telemetry code in the app): one CLIENT span per Bedrock call, the agent's run a tree under its
 * `invoke_agent` span, the throttle an error span named by its exception.
 */

import { type ExampleRun, type FlatSpan, runExample } from '@genai-otel/test-utils';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const EXAMPLE_DIR = new URL('..', import.meta.url);
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

describe('examples/bedrock-scheduling-agent', () => {
  let example: ExampleRun;
  let spans: FlatSpan[];
  beforeAll(async () => {
    example = await runExample({ dir: EXAMPLE_DIR });
    spans = example.spans;
  }, 60_000);
  afterAll(() => example?.cleanup());

  const roots = () => spans.filter((s) => s.parentSpanId === undefined);
  const children = (of: FlatSpan) =>
    spans
      .filter((s) => s.parentSpanId === of.spanId)
      .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1))
      .map((s) => s.name);

  it('runs cleanly and prints each answer', () => {
    expect(example.run.stderr).toBe('');
    expect(example.run.code).toBe(0);
    expect(example.run.stdout.trim().split('\n')).toEqual([
      'converse     → Echo: When is the office open?',
      'stream       → Echo: Suggest a meeting title.',
      'embeddings   → 256 dims',
      'agent        → Echo: Book a meeting with Ana tomorrow at 10',
      'throttled    → ThrottlingException (expected: recorded as an error span)',
    ]);
  });

  it('one CLIENT root span per call, by the instrumentation, in call order', () => {
    expect(roots().map((s) => s.name)).toEqual([
      'chat us.anthropic.claude-3-7-sonnet-20250219-v1:0',
      'chat amazon.nova-lite-v1:0',
      'embeddings amazon.titan-embed-text-v2:0',
      'invoke_agent SCHEDULER1',
      'chat mock-error-429',
    ]);
    for (const s of roots()) {
      expect(s.kind).toBe(SpanKind.CLIENT);
      expect(s.scope.name).toBe('@genai-otel/instrumentation-bedrock');
      expect(s.attributes['gen_ai.provider.name']).toBe('aws.bedrock');
    }
  });

  it('the agent: its model calls, knowledge base, action group and collaborator', () => {
    const agent = roots()[3]!;
    expect(children(agent)).toEqual([
      `chat ${MODEL}`,
      'retrieval KBSCHEDULE1',
      `chat ${MODEL}`,
      'execute_tool CalendarActions/create_appointment',
      `chat ${MODEL}`,
      'handoff NotificationAgent',
      `chat ${MODEL}`,
    ]);
    const handoff = spans.find((s) => s.name === 'handoff NotificationAgent')!;
    const collaborator = spans.find((s) => s.parentSpanId === handoff.spanId)!;
    expect(collaborator.name).toBe('invoke_agent NotificationAgent');
    expect(children(collaborator)).toEqual([
      `chat ${MODEL}`,
      'execute_tool NotificationActions/send_email',
      `chat ${MODEL}`,
    ]);
  });

  it('usage on the model calls, the throttle as an error', () => {
    const converse = roots()[0]!;
    // The mock counts words and punctuation: 9 system + 6 user tokens in, "Echo: When is the
    // office open?" (8) out.
    expect(converse.attributes).toMatchObject({
      'gen_ai.request.max_tokens': 200,
      'gen_ai.usage.input_tokens': 15,
      'gen_ai.usage.output_tokens': 8,
    });
    const throttled = roots()[4]!;
    expect(throttled.attributes['error.type']).toBe('ThrottlingException');
    expect(throttled.status.code).toBe(SpanStatusCode.ERROR);
  });
});
