/**
 * The bedrock instrumentation end to end: the real AWS SDK v3 clients against the mock server,
 * through the genai receiver, genai_cost and genai_metrics — spans, costs and metrics, a throttle
 * counted by its exception name, an agent's model calls priced (its `invoke_agent` span not). In a
 * file of its own: the SDK modules are patched once per test file.
 */
import { createRequire } from 'node:module';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../../../test/anthropic-pipeline.js';

/**
 * Per million tokens. Call 1, Claude 3.7 Sonnet via the `us.` profile ($3 input, $3.75 cache
 * write, $15 output): 5 fresh + 9 cache-write input, 7 output: 15 + 33.75 + 105 = 153.75.
 * Call 2, Nova Lite streamed ($0.06 / $0.24): 5 in, 7 out: 0.3 + 1.68 = 1.98.
 */
const COST_1 = 153.75e-6;
const COST_2 = 1.98e-6;
const HI = [{ role: 'user', content: [{ text: 'Hello there, world!' }] }];

let p: Pipeline;
beforeAll(async () => {
  p = await startPipeline(['bedrock']);
});
afterAll(async () => {
  await p.otel.shutdown();
  await p.llm.close();
});

describe('bedrock through genai_cost and genai_metrics', () => {
  it('prices Converse with a cache write and a Nova stream, counts a throttle by name', async () => {
    // Loaded after start, so the receiver's hooks patch them.
    const require = createRequire(import.meta.url);
    const runtime = require('@aws-sdk/client-bedrock-runtime');
    const agentRuntime = require('@aws-sdk/client-bedrock-agent-runtime');
    const options = {
      region: 'us-east-1',
      endpoint: p.llm.url,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      maxAttempts: 1,
    };
    const client = new runtime.BedrockRuntimeClient(options);
    await client.send(
      new runtime.ConverseCommand({
        modelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
        system: [
          { text: 'You are a terse assistant for scheduling questions.' },
          { cachePoint: { type: 'default' } },
        ],
        messages: HI,
      }),
    );
    const res = await client.send(
      new runtime.ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages: HI }),
    );
    for await (const _ of res.stream) {
      // read to the end
    }
    await expect(
      client.send(new runtime.ConverseCommand({ modelId: 'mock-error-429', messages: HI })),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    await p.otel.forceFlush();

    const [converse, stream, throttled] = p.spans();
    expect(converse!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(COST_1, 12);
    expect(stream!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(COST_2, 12);
    expect(throttled!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeUndefined();

    let m = await p.metrics();
    expect(m.tokens('input')).toBe(14 + 5);
    expect(m.tokens('output')).toBe(7 + 7);
    expect(m.cost).toBeCloseTo(COST_1 + COST_2, 12);
    expect(m.errors('ThrottlingException')).toBe(1);

    // An agent: its model calls priced and counted, the invoke_agent roll-up never.
    const agents = new agentRuntime.BedrockAgentRuntimeClient(options);
    const run = await agents.send(
      new agentRuntime.InvokeAgentCommand({
        agentId: 'SCHEDULER1',
        agentAliasId: 'TSTALIASID',
        sessionId: 's-1',
        inputText: 'Book a meeting with Ana tomorrow at 10',
        enableTrace: true,
      }),
    );
    for await (const _ of run.completion) {
      // read to the end
    }
    await p.otel.forceFlush();
    const agentSpans = p.spans().slice(3);
    const chats = agentSpans.filter((s) => s.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'chat');
    expect(chats).toHaveLength(6);
    let agentCost = 0;
    let agentInput = 0;
    for (const c of chats) {
      expect(c.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeGreaterThan(0);
      agentCost += c.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] as number;
      agentInput += c.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] as number;
      expect(c.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeGreaterThan(0);
    }
    const root = agentSpans.find((s) => s.name === 'invoke_agent SCHEDULER1')!;
    expect(root.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeUndefined();
    m = await p.metrics();
    expect(m.tokens('input')).toBe(14 + 5 + agentInput);
    expect(m.cost).toBeCloseTo(COST_1 + COST_2 + agentCost, 12);
    expect(p.logLines).toEqual([]);
  });
});
