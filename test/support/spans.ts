/**
 * What the fixture apps print and what their spans must say about it. The app reports the ids
 * and usage the real openai SDK handed it; the spans must carry exactly those.
 */
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import type { FlatSpan } from '@genai-otel/test-utils';
import { expect } from 'vitest';

interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface AppResult {
  chat: { id: string; usage: ChatUsage };
  stream: { id: string; usage: ChatUsage; text: string };
  responses: { id: string; usage: { input_tokens: number; output_tokens: number } };
  embeddings: { usage: { prompt_tokens: number }; dimensions: number };
  error: number | string;
}

/** The app's `RESULT {...}` line. */
export function appResult(stdout: string): AppResult {
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`the app printed no RESULT line; stdout:\n${stdout}`);
  return JSON.parse(line.slice('RESULT '.length)) as AppResult;
}

export const CHAT_SPAN = genAISpanName(GEN_AI_OPERATION.CHAT, 'gpt-4o-mini');
export const EMBEDDINGS_SPAN = genAISpanName(GEN_AI_OPERATION.EMBEDDINGS, 'text-embedding-3-small');

/** `traceId/spanId` of every span, sorted: equal lists mean the very same spans. */
export function spanIds(spans: FlatSpan[]): string[] {
  return spans.map((s) => `${s.traceId}/${s.spanId}`).sort();
}

function byResponseId(spans: FlatSpan[], id: string): FlatSpan {
  const found = spans.filter((s) => s.attributes[ATTR_GEN_AI_RESPONSE_ID] === id);
  expect(found, `one span with ${ATTR_GEN_AI_RESPONSE_ID}=${id}`).toHaveLength(1);
  return found[0]!;
}

/**
 * The five calls of app.mjs / app.cjs, as spans: names, the usage the app was handed, the
 * streamed call marked as such, and the failed call as an error span with the HTTP status.
 */
export function expectAppSpans(spans: FlatSpan[], result: AppResult): void {
  // Guards the comparisons below against undefined === undefined.
  for (const n of [
    result.chat.usage.prompt_tokens,
    result.chat.usage.completion_tokens,
    result.stream.usage.prompt_tokens,
    result.stream.usage.completion_tokens,
    result.responses.usage.input_tokens,
    result.responses.usage.output_tokens,
    result.embeddings.usage.prompt_tokens,
  ]) {
    expect(n).toBeGreaterThan(0);
  }
  expect(spans.map((s) => s.name).sort()).toEqual(
    [CHAT_SPAN, CHAT_SPAN, CHAT_SPAN, CHAT_SPAN, EMBEDDINGS_SPAN].sort(),
  );
  for (const span of spans) {
    expect(span.attributes[ATTR_GEN_AI_PROVIDER_NAME]).toBe(GEN_AI_PROVIDER.OPENAI);
    // One trace per call: the app has no enclosing span.
    expect(span.parentSpanId).toBeUndefined();
  }

  const chat = byResponseId(spans, result.chat.id);
  expect(chat.attributes).toMatchObject({
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
    [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: result.chat.usage.prompt_tokens,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: result.chat.usage.completion_tokens,
  });
  expect(chat.status.code).toBe(0);

  const stream = byResponseId(spans, result.stream.id);
  expect(stream.attributes).toMatchObject({
    [ATTR_GEN_AI_REQUEST_STREAM]: true,
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: result.stream.usage.prompt_tokens,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: result.stream.usage.completion_tokens,
  });

  const responses = byResponseId(spans, result.responses.id);
  expect(responses.attributes).toMatchObject({
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: result.responses.usage.input_tokens,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: result.responses.usage.output_tokens,
  });

  const embeddings = spans.filter((s) => s.name === EMBEDDINGS_SPAN);
  expect(embeddings).toHaveLength(1);
  expect(embeddings[0]!.attributes).toMatchObject({
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EMBEDDINGS,
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: result.embeddings.usage.prompt_tokens,
  });

  expect(result.error).toBe(400);
  const failed = spans.filter((s) => s.status.code === 2);
  expect(failed).toHaveLength(1);
  expect(failed[0]!.name).toBe(CHAT_SPAN);
  expect(failed[0]!.attributes[ATTR_ERROR_TYPE]).toBe('400');
}
