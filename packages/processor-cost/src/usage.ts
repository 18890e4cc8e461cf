import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  isValidTokenCount,
  PEER_ANTHROPIC_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  PEER_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  PEER_OPENINFERENCE_TOKEN_COUNT_CACHE_READ,
  PEER_OPENINFERENCE_TOKEN_COUNT_CACHE_WRITE,
  PEER_OPENINFERENCE_TOKEN_COUNT_COMPLETION,
  PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT,
  PEER_OPENINFERENCE_TOKEN_COUNT_REASONING,
  PEER_TRACELOOP_USAGE_CACHE_CREATION_INPUT_TOKENS,
  PEER_TRACELOOP_USAGE_CACHE_READ_INPUT_TOKENS,
  PEER_TRACELOOP_USAGE_COMPLETION_TOKENS,
  PEER_TRACELOOP_USAGE_PROMPT_TOKENS,
  PEER_TRACELOOP_USAGE_REASONING_TOKENS,
  PEER_VERCEL_USAGE_CACHE_READ_TOKENS,
  PEER_VERCEL_USAGE_CACHE_WRITE_TOKENS,
  PEER_VERCEL_USAGE_CACHED_INPUT_TOKENS,
  PEER_VERCEL_USAGE_COMPLETION_TOKENS,
  PEER_VERCEL_USAGE_INPUT_TOKENS,
  PEER_VERCEL_USAGE_OUTPUT_TOKENS,
  PEER_VERCEL_USAGE_PROMPT_TOKENS,
  PEER_VERCEL_USAGE_REASONING_TOKENS,
  PEER_VERCEL_USAGE_TOKENS,
} from '@genai-otel/semantic-conventions';
import type { Attributes, AttributeValue } from '@opentelemetry/api';

/**
 * Token usage in the conventions' SUBSET form: `input` includes `cacheRead` and `cacheWrite`
 * (of which `cacheWrite1h` went to the 1-hour cache), `output` includes `reasoning`.
 */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
  reasoning: number;
  /**
   * Which counts were present but not token counts (`INVALID_COUNT` bits: negative, fractional,
   * NaN, above `MAX_TOKEN_COUNT`); 0 when all were usable. Set by `readUsage`.
   */
  invalid?: number;
}

export function emptyUsage(): Usage {
  return {
    input: 0,
    output: 0,
    cacheRead: 0,
    cacheWrite: 0,
    cacheWrite1h: 0,
    reasoning: 0,
    invalid: 0,
  };
}

/** Bit flags of `Usage.invalid`: which count a span carried that is no token count. */
export const INVALID_COUNT = {
  INPUT: 1,
  OUTPUT: 2,
  CACHE_READ: 4,
  CACHE_WRITE: 8,
  CACHE_WRITE_1H: 16,
  REASONING: 32,
};

/** The names of the counts in an `INVALID_COUNT` set, for a message. */
export function invalidCountNames(invalid: number): string {
  const names: string[] = [];
  if ((invalid & INVALID_COUNT.INPUT) !== 0) names.push('input');
  if ((invalid & INVALID_COUNT.OUTPUT) !== 0) names.push('output');
  if ((invalid & INVALID_COUNT.CACHE_READ) !== 0) names.push('cache read');
  if ((invalid & INVALID_COUNT.CACHE_WRITE) !== 0) names.push('cache write');
  if ((invalid & INVALID_COUNT.CACHE_WRITE_1H) !== 0) names.push('1-hour cache write');
  if ((invalid & INVALID_COUNT.REASONING) !== 0) names.push('reasoning');
  return names.join(', ');
}

/** Bit flags: which counts a span carried under the conventions' own names. */
export const FROM_CONVENTIONS = {
  INPUT: 1,
  OUTPUT: 2,
  CACHE_READ: 4,
  CACHE_WRITE: 8,
  REASONING: 16,
  CACHE_WRITE_1H: 32,
};

/** `count` found nothing under this name: try the next one. */
const NEXT = -1;
/** `count` found a value that is no token count: the search stops, the count is unusable. */
const INVALID = -2;

/**
 * One attribute as a token count: a number, or a non-empty numeric string (peers write some as
 * text), that `isValidTokenCount` accepts; such a value that it refuses (-5, 12.5, NaN, 1e300)
 * is `INVALID`, anything else means "look at the next name".
 */
function count(v: AttributeValue | undefined): number {
  if (typeof v === 'number') return isValidTokenCount(v) ? v : INVALID;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    if (isValidTokenCount(n)) return n;
    // A string that is a number, only not a valid count (`"-5"`), is an invalid count.
    if (!Number.isNaN(n)) return INVALID;
  }
  return NEXT;
}

function found(n: number): number {
  return n < 0 ? Number.NaN : n;
}

/**
 * Reads the usage of a span into `out` (reused: nothing is allocated). Where each count is found,
 * first name present wins: the conventions', then peers' (OpenLLMetry, OpenInference, Vercel AI
 * SDK). Each name is read as a constant property key — a loop over an array of names would make
 * every read a generic keyed lookup, ~10× slower. A count that is present but no token count
 * (see `isValidTokenCount`) reads as 0 and is flagged in `out.invalid`: the caller must not price
 * such usage. Returns a bit set of the conventions' names present (see `FROM_CONVENTIONS`), -1
 * when the span carries no input nor output count under any known name, -2 when the only ones
 * it carries are invalid (`out.invalid` says which). `conventionsOnly`: the span comes from an
 * instrumentation that writes only the conventions' names (genai-otel's own), so the peers'
 * names (two dozen lookups that miss) are not read; the result is the same.
 */
export function readUsage(attrs: Attributes, out: Usage, conventionsOnly = false): number {
  const inputAttr = attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
  let input = count(inputAttr);
  const outputAttr = attrs[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
  let output = count(outputAttr);
  if (!conventionsOnly) {
    if (input === NEXT) input = count(attrs[PEER_TRACELOOP_USAGE_PROMPT_TOKENS]);
    if (input === NEXT) input = count(attrs[PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT]);
    if (input === NEXT) input = count(attrs[PEER_VERCEL_USAGE_INPUT_TOKENS]);
    if (input === NEXT) input = count(attrs[PEER_VERCEL_USAGE_PROMPT_TOKENS]);
    if (input === NEXT) input = count(attrs[PEER_VERCEL_USAGE_TOKENS]);
    if (output === NEXT) output = count(attrs[PEER_TRACELOOP_USAGE_COMPLETION_TOKENS]);
    if (output === NEXT) output = count(attrs[PEER_OPENINFERENCE_TOKEN_COUNT_COMPLETION]);
    if (output === NEXT) output = count(attrs[PEER_VERCEL_USAGE_OUTPUT_TOKENS]);
    if (output === NEXT) output = count(attrs[PEER_VERCEL_USAGE_COMPLETION_TOKENS]);
  }
  let invalid = 0;
  if (input === INVALID) invalid |= INVALID_COUNT.INPUT;
  if (output === INVALID) invalid |= INVALID_COUNT.OUTPUT;
  input = found(input);
  output = found(output);
  out.invalid = invalid;
  if (Number.isNaN(input) && Number.isNaN(output)) return invalid === 0 ? -1 : -2;

  const cacheReadAttr = attrs[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS];
  let cacheRead = count(cacheReadAttr);
  const cacheWriteAttr = attrs[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS];
  let cacheWrite = count(cacheWriteAttr);
  const write1hAttr = attrs[ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS];
  let write1h = count(write1hAttr);
  const reasoningAttr = attrs[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS];
  let reasoning = count(reasoningAttr);
  if (!conventionsOnly) {
    if (cacheRead === NEXT) cacheRead = count(attrs[PEER_TRACELOOP_USAGE_CACHE_READ_INPUT_TOKENS]);
    if (cacheRead === NEXT) cacheRead = count(attrs[PEER_OPENINFERENCE_TOKEN_COUNT_CACHE_READ]);
    if (cacheRead === NEXT) cacheRead = count(attrs[PEER_VERCEL_USAGE_CACHE_READ_TOKENS]);
    if (cacheRead === NEXT) cacheRead = count(attrs[PEER_VERCEL_USAGE_CACHED_INPUT_TOKENS]);
    // The conventions' newer name (the Anthropic SDK's own spans write it).
    if (cacheWrite === NEXT) cacheWrite = count(attrs[PEER_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS]);
    if (cacheWrite === NEXT)
      cacheWrite = count(attrs[PEER_TRACELOOP_USAGE_CACHE_CREATION_INPUT_TOKENS]);
    if (cacheWrite === NEXT) cacheWrite = count(attrs[PEER_OPENINFERENCE_TOKEN_COUNT_CACHE_WRITE]);
    if (cacheWrite === NEXT) cacheWrite = count(attrs[PEER_VERCEL_USAGE_CACHE_WRITE_TOKENS]);
    if (write1h === NEXT)
      write1h = count(attrs[PEER_ANTHROPIC_USAGE_CACHE_CREATION_1H_INPUT_TOKENS]);
    if (reasoning === NEXT) reasoning = count(attrs[PEER_TRACELOOP_USAGE_REASONING_TOKENS]);
    if (reasoning === NEXT) reasoning = count(attrs[PEER_OPENINFERENCE_TOKEN_COUNT_REASONING]);
    if (reasoning === NEXT) reasoning = count(attrs[PEER_VERCEL_USAGE_REASONING_TOKENS]);
  }
  if (cacheRead === INVALID) invalid |= INVALID_COUNT.CACHE_READ;
  if (cacheWrite === INVALID) invalid |= INVALID_COUNT.CACHE_WRITE;
  if (write1h === INVALID) invalid |= INVALID_COUNT.CACHE_WRITE_1H;
  if (reasoning === INVALID) invalid |= INVALID_COUNT.REASONING;
  out.invalid = invalid;
  cacheRead = found(cacheRead);
  cacheWrite = found(cacheWrite);
  write1h = found(write1h);
  reasoning = found(reasoning);
  out.input = Number.isNaN(input) ? 0 : input;
  out.output = Number.isNaN(output) ? 0 : output;
  out.cacheRead = Number.isNaN(cacheRead) ? 0 : cacheRead;
  out.cacheWrite = Number.isNaN(cacheWrite) ? 0 : cacheWrite;
  out.cacheWrite1h = Number.isNaN(write1h) ? 0 : Math.min(write1h, out.cacheWrite);
  out.reasoning = Number.isNaN(reasoning) ? 0 : reasoning;
  let present = 0;
  if (inputAttr !== undefined) present |= FROM_CONVENTIONS.INPUT;
  if (outputAttr !== undefined) present |= FROM_CONVENTIONS.OUTPUT;
  if (cacheReadAttr !== undefined) present |= FROM_CONVENTIONS.CACHE_READ;
  if (cacheWriteAttr !== undefined) present |= FROM_CONVENTIONS.CACHE_WRITE;
  if (reasoningAttr !== undefined) present |= FROM_CONVENTIONS.REASONING;
  if (write1hAttr !== undefined) present |= FROM_CONVENTIONS.CACHE_WRITE_1H;
  return present;
}

/**
 * Instrumentations known to put Anthropic's RAW usage on their spans (input tokens that exclude
 * cache reads and writes), by instrumentation scope name. Checked against the published
 * packages: `@traceloop/instrumentation-anthropic` 0.27 copies `usage.input_tokens` into
 * `gen_ai.usage.input_tokens` and the cache counts beside it. Not listed because they already
 * follow the subset rule (input includes the cache): OpenInference's JS (0.2.8) and Python
 * Anthropic instrumentations, OpenLLMetry's Python one, and genai-otel's own instrumentations.
 */
export const DEFAULT_ADDITIVE_USAGE_SCOPES: readonly string[] = [
  '@traceloop/instrumentation-anthropic',
];

/** What `toSubsetRule` changed (bit flags). */
export const SUBSET_REWRITE = {
  /** Cache reads and writes were added to input. */
  INPUT: 1,
  /** Reasoning was added to output. */
  OUTPUT: 2,
  /** INPUT, though the source is not known as additive: the counts allow no other reading. */
  INPUT_FROM_COUNTS: 4,
  /** OUTPUT, though the source is not known as additive: the counts allow no other reading. */
  OUTPUT_FROM_COUNTS: 8,
};

/**
 * Brings usage read from a span to the subset rule. Whether counts are additive is decided by
 * their SOURCE: `additiveInput` (Anthropic's raw usage: input excludes cache reads and writes)
 * adds the cache counts to input, `additiveReasoning` (Gemini's thoughts counted apart from
 * output) adds reasoning to output. Counts from any other source are taken as subset counts,
 * however they compare, with one exception: counts that cannot be subset counts (cache above
 * input, reasoning above output) can only be additive and are read so, flagged `*_FROM_COUNTS`
 * so the caller can say which source to list. Returns the `SUBSET_REWRITE` flags (0: unchanged).
 */
export function toSubsetRule(
  usage: Usage,
  additiveInput: boolean,
  additiveReasoning = false,
): number {
  let changed = 0;
  const cached = usage.cacheRead + usage.cacheWrite;
  if (additiveInput) {
    if (cached > 0) changed |= SUBSET_REWRITE.INPUT;
  } else if (cached > usage.input) {
    changed |= SUBSET_REWRITE.INPUT | SUBSET_REWRITE.INPUT_FROM_COUNTS;
  }
  if ((changed & SUBSET_REWRITE.INPUT) !== 0) usage.input += cached;
  if (additiveReasoning) {
    if (usage.reasoning > 0) changed |= SUBSET_REWRITE.OUTPUT;
  } else if (usage.reasoning > usage.output) {
    changed |= SUBSET_REWRITE.OUTPUT | SUBSET_REWRITE.OUTPUT_FROM_COUNTS;
  }
  if ((changed & SUBSET_REWRITE.OUTPUT) !== 0) usage.output += usage.reasoning;
  return changed;
}

/** Anthropic's Messages API `usage` object, as the SDK returns it. */
export interface AnthropicRawUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_creation?: {
    ephemeral_5m_input_tokens?: number | null;
    ephemeral_1h_input_tokens?: number | null;
  } | null;
}

/** Anthropic's additive usage in the conventions' subset form (input includes the cache). */
export function fromAnthropicUsage(raw: AnthropicRawUsage): Usage {
  let invalid = 0;
  // A count that is no token count reads as 0 and is flagged, as readUsage does.
  const n = (v: number | null | undefined, bit: number): number => {
    if (v === null || v === undefined) return 0;
    if (isValidTokenCount(v)) return v;
    invalid |= bit;
    return 0;
  };
  const input = n(raw.input_tokens, INVALID_COUNT.INPUT);
  const output = n(raw.output_tokens, INVALID_COUNT.OUTPUT);
  const cacheRead = n(raw.cache_read_input_tokens, INVALID_COUNT.CACHE_READ);
  const write1h = n(raw.cache_creation?.ephemeral_1h_input_tokens, INVALID_COUNT.CACHE_WRITE_1H);
  const write5m = n(raw.cache_creation?.ephemeral_5m_input_tokens, INVALID_COUNT.CACHE_WRITE);
  const cacheWrite =
    raw.cache_creation_input_tokens == null
      ? write5m + write1h
      : n(raw.cache_creation_input_tokens, INVALID_COUNT.CACHE_WRITE);
  return {
    input: input + cacheRead + cacheWrite,
    output,
    cacheRead,
    cacheWrite,
    cacheWrite1h: Math.min(write1h, cacheWrite),
    reasoning: 0,
    invalid,
  };
}
