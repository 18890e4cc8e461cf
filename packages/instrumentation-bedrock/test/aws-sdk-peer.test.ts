/**
 * Beside the official `@opentelemetry/instrumentation-aws-sdk` in one process (a plain Node child,
 * as an app runs them): each Bedrock call is priced and counted once.
 */
import { fileURLToPath } from 'node:url';
import {
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
} from '@genai-otel/semantic-conventions';
import { runNode } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/with-aws-sdk.cjs', import.meta.url));

interface Line {
  scope: string;
  name: string;
  spanId: string;
  parent?: string;
  attributes: Record<string, unknown>;
}

describe('with @opentelemetry/instrumentation-aws-sdk registered too', () => {
  it('a Converse and a ConverseStream: two calls, each priced once', async () => {
    const run = await runNode([FIXTURE], { env: { NODE_NO_WARNINGS: '1' } });
    expect(run.code, run.stderr).toBe(0);
    const spans = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    const priced = spans.filter(
      (s) =>
        s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] !== undefined &&
        s.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] === undefined,
    );
    // 5 input and 7 output tokens each at $3 / $15 per million: 120 µ$ a call.
    expect(priced.map((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT])).toEqual([
      expect.closeTo(0.00012, 12),
      expect.closeTo(0.00012, 12),
    ]);
    // Any other span of a call (the aws-sdk one, when it patches) is marked as counted elsewhere.
    for (const s of spans.filter((x) => !priced.includes(x)))
      expect(s.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBeDefined();
  });
});
