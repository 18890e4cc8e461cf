import type { FailNextOptions, HandlerResult } from '../types.js';
import { bedrockError, streamExceptionFrame } from './errors.js';
import { eventFrame, padding } from './event-stream.js';
import { anthropicInvoke } from './invoke-anthropic.js';
import { cohereEmbed, titanEmbed } from './invoke-embed.js';
import { novaInvoke } from './invoke-nova.js';
import { llamaInvoke, mistralInvoke, titanTextInvoke } from './invoke-prompt.js';
import { latencyMs } from './messages.js';
import { familyFromBody, type InvokeFamily, type ResolvedModel } from './model-id.js';

/** What a model family answers: the InvokeModel body and, for streaming, its chunk payloads. */
export interface InvokeOutcome {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  body: unknown;
  /** Provider events of the stream; `undefined` when the family cannot stream (embeddings). */
  events?: Record<string, unknown>[];
}

export type FamilyHandler = (
  body: Record<string, unknown>,
  model: ResolvedModel,
) => InvokeOutcome | HandlerResult;

const FAMILIES: Record<InvokeFamily, FamilyHandler> = {
  anthropic: anthropicInvoke,
  nova: novaInvoke,
  'titan-text': titanTextInvoke,
  'titan-embed': titanEmbed,
  'cohere-embed': cohereEmbed,
  llama: llamaInvoke,
  mistral: mistralInvoke,
};

export interface InvokeOptions {
  stream: boolean;
  streamErrorAfterChunks?: number;
  overrides: FailNextOptions;
}

/** Bedrock reports a call's usage in these response headers (InvokeModel, not streamed). */
export const TOKEN_HEADERS = {
  input: 'x-amzn-bedrock-input-token-count',
  output: 'x-amzn-bedrock-output-token-count',
  latency: 'x-amzn-bedrock-invocation-latency',
  cacheRead: 'x-amzn-bedrock-cache-read-input-token-count',
  cacheWrite: 'x-amzn-bedrock-cache-write-input-token-count',
} as const;

/**
 * `POST /model/{modelId}/invoke` and `/invoke-with-response-stream`: the body in the model
 * family's own format (from the model id, or from the body's shape for application inference
 * profiles and provisioned throughput, whose ARNs hide the model).
 */
export function invokeModel(
  body: Record<string, unknown>,
  model: ResolvedModel,
  o: InvokeOptions,
): HandlerResult {
  const family = model.family ?? familyFromBody(body);
  if (!family) {
    return bedrockError('ValidationException', 'The provided model identifier is invalid.');
  }
  const out = FAMILIES[family](body, model);
  if ('kind' in out) return out;
  const latency = latencyMs(out.outputTokens);
  if (!o.stream) {
    const headers: Record<string, string> = {
      [TOKEN_HEADERS.input]: String(out.inputTokens),
      [TOKEN_HEADERS.output]: String(out.outputTokens),
      [TOKEN_HEADERS.latency]: String(latency),
    };
    if (out.cacheReadTokens !== undefined)
      headers[TOKEN_HEADERS.cacheRead] = String(out.cacheReadTokens);
    if (out.cacheWriteTokens !== undefined)
      headers[TOKEN_HEADERS.cacheWrite] = String(out.cacheWriteTokens);
    return { kind: 'json', status: 200, body: out.body, headers };
  }
  if (!out.events) {
    return bedrockError('ValidationException', 'The model is unsupported for streaming.');
  }
  const metrics: Record<string, number> = {
    inputTokenCount: out.inputTokens,
    outputTokenCount: out.outputTokens,
    invocationLatency: latency,
    firstByteLatency: 100,
  };
  if (out.cacheReadTokens !== undefined) metrics.cacheReadInputTokenCount = out.cacheReadTokens;
  if (out.cacheWriteTokens !== undefined) metrics.cacheWriteInputTokenCount = out.cacheWriteTokens;
  const events = out.events.map((e, i) =>
    i === out.events!.length - 1 ? { ...e, 'amazon-bedrock-invocationMetrics': metrics } : e,
  );
  let frames = events.map((e, i) =>
    eventFrame('chunk', {
      bytes: Buffer.from(JSON.stringify(e)).toString('base64'),
      p: padding(i),
    }),
  );
  if (o.streamErrorAfterChunks !== undefined) {
    frames = [
      ...frames.slice(0, o.streamErrorAfterChunks),
      streamExceptionFrame('ModelStreamErrorException', o.overrides),
    ];
  }
  return {
    kind: 'stream',
    contentType: 'application/vnd.amazon.eventstream',
    headers: { 'x-amzn-bedrock-content-type': 'application/json' },
    chunks: frames,
  };
}

/** A required body key is missing: Bedrock's JSON-schema validation message. */
export function missingKey(key: string): HandlerResult {
  return bedrockError(
    'ValidationException',
    `Malformed input request: #: required key [${key}] not found, please reformat your input and try again.`,
  );
}
