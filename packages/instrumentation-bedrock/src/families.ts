import { type Dict, putNumber } from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import { isDict } from './converse-messages.js';

/** What an InvokeModel response (or its stream, event by event) says; the span gets it at the end. */
export interface Outcome {
  id?: unknown;
  model?: unknown;
  stopReason?: unknown;
  input?: unknown;
  output?: unknown;
  cacheRead?: unknown;
  cacheWrite?: unknown;
  cacheWrite1h?: unknown;
  /** The reply text (gathered only with content capture on). */
  text: string;
  /** Length of the first embedding. */
  dimensions?: number;
}

/** One model family's native body: request parameters, response and stream events. */
export interface Family {
  readonly name: string;
  readonly operation: string;
  request(body: Dict, attrs: Attributes): void;
  response(body: Dict, out: Outcome, captureContent: boolean): void;
  /** A streamed chunk's JSON (the family's own event). */
  event(event: Dict, out: Outcome, captureContent: boolean): void;
}

function stops(attrs: Attributes, value: unknown): void {
  if (Array.isArray(value) && value.length > 0)
    attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = value as string[];
}

const anthropic: Family = {
  name: 'anthropic',
  operation: GEN_AI_OPERATION.CHAT,
  request(b, attrs) {
    putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, b.max_tokens);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, b.temperature);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_P, b.top_p);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_K, b.top_k);
    stops(attrs, b.stop_sequences);
  },
  response(b, out, capture) {
    out.id = b.id;
    out.model = b.model;
    out.stopReason = b.stop_reason;
    anthropicUsage(b.usage, out);
    if (capture && Array.isArray(b.content))
      for (const block of b.content)
        if (isDict(block) && typeof block.text === 'string') out.text += block.text;
  },
  event(e, out, capture) {
    if (e.type === 'message_start' && isDict(e.message)) {
      out.id = e.message.id;
      out.model = e.message.model;
      anthropicUsage(e.message.usage, out);
    } else if (e.type === 'message_delta') {
      if (isDict(e.delta) && e.delta.stop_reason != null) out.stopReason = e.delta.stop_reason;
      // Cumulative: the last one wins.
      if (isDict(e.usage) && e.usage.output_tokens !== undefined)
        out.output = e.usage.output_tokens;
    } else if (capture && e.type === 'content_block_delta' && isDict(e.delta)) {
      if (typeof e.delta.text === 'string') out.text += e.delta.text;
    }
  },
};

/** Anthropic's raw usage: input excludes the cache (made a subset when recorded). */
function anthropicUsage(usage: unknown, out: Outcome): void {
  if (!isDict(usage)) return;
  out.input = usage.input_tokens;
  out.output = usage.output_tokens;
  out.cacheRead = usage.cache_read_input_tokens;
  out.cacheWrite = usage.cache_creation_input_tokens;
  if (isDict(usage.cache_creation))
    out.cacheWrite1h = usage.cache_creation.ephemeral_1h_input_tokens;
}

function novaUsage(usage: unknown, out: Outcome): void {
  if (!isDict(usage)) return;
  out.input = usage.inputTokens;
  out.output = usage.outputTokens;
  out.cacheRead = usage.cacheReadInputTokenCount;
  out.cacheWrite = usage.cacheWriteInputTokenCount;
}

const nova: Family = {
  name: 'nova',
  operation: GEN_AI_OPERATION.CHAT,
  request(b, attrs) {
    const c = b.inferenceConfig;
    if (!isDict(c)) return;
    putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, c.maxTokens ?? c.max_new_tokens);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, c.temperature);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_P, c.topP ?? c.top_p);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_K, c.topK ?? c.top_k);
    stops(attrs, c.stopSequences);
  },
  response(b, out, capture) {
    out.stopReason = b.stopReason;
    novaUsage(b.usage, out);
    const message = isDict(b.output) ? b.output.message : undefined;
    if (capture && isDict(message) && Array.isArray(message.content))
      for (const block of message.content)
        if (isDict(block) && typeof block.text === 'string') out.text += block.text;
  },
  event(e, out, capture) {
    if (isDict(e.messageStop)) out.stopReason = e.messageStop.stopReason;
    else if (isDict(e.metadata)) novaUsage(e.metadata.usage, out);
    else if (capture && isDict(e.contentBlockDelta) && isDict(e.contentBlockDelta.delta)) {
      const text = e.contentBlockDelta.delta.text;
      if (typeof text === 'string') out.text += text;
    }
  },
};

const titanText: Family = {
  name: 'titan-text',
  operation: GEN_AI_OPERATION.CHAT,
  request(b, attrs) {
    const c = b.textGenerationConfig;
    if (!isDict(c)) return;
    putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, c.maxTokenCount);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, c.temperature);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_P, c.topP);
    stops(attrs, c.stopSequences);
  },
  response(b, out, capture) {
    out.input = b.inputTextTokenCount;
    const first = Array.isArray(b.results) ? b.results[0] : undefined;
    if (!isDict(first)) return;
    out.output = first.tokenCount;
    out.stopReason = first.completionReason;
    if (capture && typeof first.outputText === 'string') out.text += first.outputText;
  },
  event(e, out, capture) {
    if (e.inputTextTokenCount != null) out.input = e.inputTextTokenCount;
    if (e.totalOutputTextTokenCount != null) out.output = e.totalOutputTextTokenCount;
    if (e.completionReason != null) out.stopReason = e.completionReason;
    if (capture && typeof e.outputText === 'string') out.text += e.outputText;
  },
};

const titanEmbed: Family = {
  name: 'titan-embed',
  operation: GEN_AI_OPERATION.EMBEDDINGS,
  request() {},
  response(b, out) {
    out.input = b.inputTextTokenCount;
    if (Array.isArray(b.embedding)) out.dimensions = b.embedding.length;
  },
  event() {},
};

const cohereEmbed: Family = {
  name: 'cohere-embed',
  operation: GEN_AI_OPERATION.EMBEDDINGS,
  request() {},
  response(b, out) {
    out.id = b.id;
    // `embeddings`: float arrays, or `{float: […], int8: […]}` with `embedding_types`.
    const e = b.embeddings;
    const first = Array.isArray(e)
      ? e[0]
      : isDict(e)
        ? Object.values(e).find(Array.isArray)?.[0]
        : undefined;
    if (Array.isArray(first)) out.dimensions = first.length;
  },
  event() {},
};

const llama: Family = {
  name: 'llama',
  operation: GEN_AI_OPERATION.CHAT,
  request(b, attrs) {
    putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, b.max_gen_len);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, b.temperature);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_P, b.top_p);
  },
  response(b, out, capture) {
    llama.event(b, out, capture);
  },
  event(e, out, capture) {
    if (e.prompt_token_count != null) out.input = e.prompt_token_count;
    if (e.generation_token_count != null) out.output = e.generation_token_count;
    if (e.stop_reason != null) out.stopReason = e.stop_reason;
    if (capture && typeof e.generation === 'string') out.text += e.generation;
  },
};

const mistral: Family = {
  name: 'mistral',
  operation: GEN_AI_OPERATION.CHAT,
  request(b, attrs) {
    putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, b.max_tokens);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, b.temperature);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_P, b.top_p);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_K, b.top_k);
    stops(attrs, b.stop);
  },
  response(b, out, capture) {
    mistral.event(b, out, capture);
  },
  event(e, out, capture) {
    // `outputs[{text, stop_reason}]` (prompt models) or `choices[{message, stop_reason}]` (chat).
    const list = Array.isArray(e.outputs) ? e.outputs : Array.isArray(e.choices) ? e.choices : [];
    const first = list[0];
    if (!isDict(first)) return;
    if (first.stop_reason != null) out.stopReason = first.stop_reason;
    if (!capture) return;
    const text =
      typeof first.text === 'string'
        ? first.text
        : isDict(first.message)
          ? first.message.content
          : isDict(first.delta)
            ? first.delta.content
            : undefined;
    if (typeof text === 'string') out.text += text;
  },
};

/** A family Bedrock serves that we cannot read: usage from the headers only. */
const unknown: Family = {
  name: 'unknown',
  operation: GEN_AI_OPERATION.CHAT,
  request() {},
  response() {},
  event() {},
};

const REGION_PREFIX = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\./;

/**
 * The family of a model id as apps write it (bare, `us.`/`global.` profiles, foundation-model and
 * inference-profile ARNs), else — for ARNs that hide the model (application inference profiles,
 * provisioned throughput) — of the request body's shape.
 */
export function familyOf(modelId: unknown, body: unknown): Family {
  if (typeof modelId === 'string') {
    const id = modelId
      .slice(modelId.lastIndexOf('/') + 1)
      .toLowerCase()
      .replace(REGION_PREFIX, '');
    if (id.startsWith('anthropic.')) return anthropic;
    if (id.startsWith('amazon.nova')) return nova;
    if (id.startsWith('amazon.titan-embed')) return titanEmbed;
    if (id.startsWith('amazon.titan-text') || id.startsWith('amazon.titan-tg1')) return titanText;
    if (id.startsWith('cohere.embed')) return cohereEmbed;
    if (id.startsWith('meta.llama')) return llama;
    if (id.startsWith('mistral.')) return mistral;
  }
  if (!isDict(body)) return unknown;
  if (body.anthropic_version !== undefined) return anthropic;
  if (
    body.schemaVersion === 'messages-v1' ||
    (body.messages !== undefined && body.inferenceConfig !== undefined)
  )
    return nova;
  if (body.texts !== undefined) return cohereEmbed;
  if (body.textGenerationConfig !== undefined) return titanText;
  if (body.inputText !== undefined) return titanEmbed;
  if (body.max_gen_len !== undefined) return llama;
  if (body.prompt !== undefined || body.messages !== undefined) return mistral;
  return unknown;
}
