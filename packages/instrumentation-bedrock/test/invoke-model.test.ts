import { countTokens } from '@genai-otel/mock-llm-server';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { collect, configure, onlySpan, runtimeSDK, useHarness } from './helpers.js';

const decoder = new TextDecoder();
const json = (bytes: Uint8Array) => JSON.parse(decoder.decode(bytes));
const PROMPT = 'Hello there, world!';

/** One request per family, with the usage the family reports (body, headers or stream metrics). */
const FAMILIES = [
  {
    family: 'Anthropic messages',
    modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
    body: {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 50,
      messages: [{ role: 'user', content: PROMPT }],
    },
    stop: 'end_turn',
  },
  {
    family: 'Amazon Nova',
    modelId: 'amazon.nova-lite-v1:0',
    body: {
      schemaVersion: 'messages-v1',
      messages: [{ role: 'user', content: [{ text: PROMPT }] }],
      inferenceConfig: { maxTokens: 50 },
    },
    stop: 'end_turn',
  },
  {
    family: 'Titan Text',
    modelId: 'amazon.titan-text-express-v1',
    body: { inputText: `User: ${PROMPT}\nBot:`, textGenerationConfig: { maxTokenCount: 50 } },
    stop: 'FINISH',
  },
  {
    family: 'Meta Llama',
    modelId: 'meta.llama3-1-8b-instruct-v1:0',
    body: { prompt: PROMPT, max_gen_len: 50 },
    stop: 'stop',
  },
  {
    family: 'Mistral (prompt)',
    modelId: 'mistral.mistral-7b-instruct-v0:2',
    body: { prompt: `<s>[INST] ${PROMPT} [/INST]`, max_tokens: 50 },
    stop: 'stop',
  },
  {
    family: 'Mistral (chat)',
    modelId: 'mistral.mistral-large-2407-v1:0',
    body: { messages: [{ role: 'user', content: PROMPT }], max_tokens: 50 },
    stop: 'stop',
  },
];

describe('InvokeModel', () => {
  const h = useHarness();

  it.each(FAMILIES)(
    '$family: usage, stop reason, max tokens; the body read, not consumed',
    async (f) => {
      const { InvokeModelCommand } = runtimeSDK();
      const res = await h.runtime().send(
        new InvokeModelCommand({
          modelId: f.modelId,
          body: JSON.stringify(f.body),
          contentType: 'application/json',
        }),
      );
      // The caller still reads the whole body, and it says what the span says.
      const body = json(res.body);
      const span = onlySpan();
      expect(span.name).toBe(`chat ${f.modelId}`);
      expect(span.attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS]).toBe(50);
      expect(span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual([f.stop]);
      const input = span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] as number;
      const output = span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] as number;
      expect(input).toBeGreaterThan(0);
      // "Echo: Hello there, world!" (the prompt families echo the last user text).
      expect(output).toBe(countTokens(`Echo: ${PROMPT}`));
      if (body.usage?.input_tokens !== undefined) expect(input).toBe(body.usage.input_tokens);
      if (body.usage?.inputTokens !== undefined) expect(input).toBe(body.usage.inputTokens);
      if (body.prompt_token_count !== undefined) expect(input).toBe(body.prompt_token_count);
    },
  );

  it.each(FAMILIES)(
    '$family streamed: usage, every chunk handed over, ended on the metrics chunk',
    async (f) => {
      const { InvokeModelWithResponseStreamCommand } = runtimeSDK();
      const res = await h.runtime().send(
        new InvokeModelWithResponseStreamCommand({
          modelId: f.modelId,
          body: JSON.stringify(f.body),
        }),
      );
      const events = await collect(res.body);
      const last = json(events.at(-1).chunk.bytes);
      const metrics = last['amazon-bedrock-invocationMetrics'];
      const span = onlySpan();
      expect(span.attributes).toMatchObject({
        [ATTR_GEN_AI_REQUEST_STREAM]: true,
        [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: [f.stop],
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: metrics.inputTokenCount,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: metrics.outputTokenCount,
      });
      expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
    },
  );

  it('Claude with a 1-hour cache write: counts in input, the message id, content with capture on', async () => {
    configure({ captureMessageContent: true });
    const { InvokeModelCommand } = runtimeSDK();
    const system = [
      {
        type: 'text',
        text: 'You answer questions about the weather in one short sentence.',
        cache_control: { type: 'ephemeral', ttl: '1h' },
      },
    ];
    const res = await h.runtime().send(
      new InvokeModelCommand({
        modelId: 'anthropic.claude-sonnet-4-20250514-v1:0',
        body: JSON.stringify({
          anthropic_version: 'bedrock-2023-05-31',
          max_tokens: 50,
          system,
          messages: [{ role: 'user', content: PROMPT }],
        }),
      }),
    );
    const body = json(res.body);
    const write = body.usage.cache_creation_input_tokens;
    expect(write).toBeGreaterThan(0);
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_RESPONSE_ID]: body.id,
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: body.usage.input_tokens + write,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: write,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS]: write,
    });
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_INPUT_MESSAGES] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: PROMPT }] },
    ]);
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: `Echo: ${PROMPT}` }],
        finish_reason: 'stop',
      },
    ]);
  });

  it('Titan embeddings: an embeddings span, input tokens and dimensions', async () => {
    const { InvokeModelCommand } = runtimeSDK();
    const modelId = 'amazon.titan-embed-text-v2:0';
    const res = await h.runtime().send(
      new InvokeModelCommand({
        modelId,
        body: JSON.stringify({ inputText: PROMPT, dimensions: 256 }),
      }),
    );
    expect(json(res.body).embedding).toHaveLength(256);
    const span = onlySpan();
    expect(span.name).toBe(`embeddings ${modelId}`);
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'embeddings',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: countTokens(PROMPT),
      [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: 256,
    });
  });

  it('Cohere embeddings: usage from the token-count header (the body has none)', async () => {
    const { InvokeModelCommand } = runtimeSDK();
    const texts = ['first text here', 'and a second one'];
    const res = await h.runtime().send(
      new InvokeModelCommand({
        modelId: 'cohere.embed-english-v3',
        body: JSON.stringify({ texts, input_type: 'search_document' }),
      }),
    );
    const body = json(res.body);
    expect(body.usage).toBeUndefined();
    // The output the caller reads shows no trace of the kept headers.
    expect(Object.keys(res).sort()).toEqual(['$metadata', 'body', 'contentType']);
    expect(onlySpan().attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'embeddings',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: countTokens(texts[0]!) + countTokens(texts[1]!),
      [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: 1024,
    });
  });

  it('an application inference profile ARN hides the model: the family from the body', async () => {
    const { InvokeModelCommand } = runtimeSDK();
    const modelId =
      'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz';
    await h
      .runtime()
      .send(new InvokeModelCommand({ modelId, body: JSON.stringify(FAMILIES[0]!.body) }));
    const span = onlySpan();
    expect(span.name).toBe(`chat ${modelId}`);
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(countTokens(`Echo: ${PROMPT}`));
  });

  it('a model error mid-stream ends the span with the exception name', async () => {
    const { InvokeModelWithResponseStreamCommand } = runtimeSDK();
    h.server.failNext({ streamErrorAfterChunks: 2 });
    const res = await h.runtime().send(
      new InvokeModelWithResponseStreamCommand({
        modelId: FAMILIES[1]!.modelId,
        body: JSON.stringify(FAMILIES[1]!.body),
      }),
    );
    await expect(collect(res.body)).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
    expect(onlySpan().attributes[ATTR_ERROR_TYPE]).toBe('ModelStreamErrorException');
  });
});
