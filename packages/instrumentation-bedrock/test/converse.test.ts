import {
  ATTR_AWS_REQUEST_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@genai-otel/semantic-conventions';
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { exporter, onlySpan, runtimeSDK, useHarness } from './helpers.js';

const MODEL = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';

describe('Converse', () => {
  const h = useHarness();

  it('a chat span with request params, stop reason and usage', async () => {
    const { ConverseCommand } = runtimeSDK();
    const client = h.runtime();
    // The client's first call resolves its endpoint (the SDK's config is async): the second has it.
    await client.send(new ConverseCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }));
    exporter.reset();
    const res = await client.send(
      new ConverseCommand({
        modelId: MODEL,
        messages: [{ role: 'user', content: [{ text: 'Hello, world!' }] }],
        inferenceConfig: { maxTokens: 100 },
      }),
    );
    const span = onlySpan();
    expect(span.name).toBe(`chat ${MODEL}`);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'aws.bedrock',
      [ATTR_GEN_AI_REQUEST_MODEL]: MODEL,
      [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 100,
      [ATTR_SERVER_ADDRESS]: '127.0.0.1',
      [ATTR_SERVER_PORT]: h.server.port,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['end_turn'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: res.usage.inputTokens,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: res.usage.outputTokens,
      [ATTR_AWS_REQUEST_ID]: res.$metadata.requestId,
    });
    console.log(res.usage, span.attributes);
  });
});
