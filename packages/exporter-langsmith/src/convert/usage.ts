import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import { costOf } from './cost.js';

/** LangSmith's `usage_metadata` (its cost and token views read it from the run's outputs). */
export interface UsageMetadata {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_token_details?: { cache_read?: number; cache_creation?: number };
  output_token_details?: { reasoning?: number };
  input_cost?: number;
  output_cost?: number;
  total_cost?: number;
  input_cost_details?: { cache_read?: number; cache_creation?: number };
  output_cost_details?: { reasoning?: number };
}

/**
 * OpenAI reports cached and reasoning counts on every chat call, and the OpenAI instrumentation
 * leaves them out when they are 0: shown as 0 here, as LangSmith's `wrapOpenAI` shows them.
 */
function zeroDetailsWhenAbsent(attributes: Attributes): boolean {
  const provider = attributes[ATTR_GEN_AI_PROVIDER_NAME];
  return (
    attributes[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION.CHAT &&
    (provider === GEN_AI_PROVIDER.OPENAI || provider === GEN_AI_PROVIDER.AZURE_AI_OPENAI)
  );
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * `usage_metadata` from the usage attributes: cache reads/writes and reasoning are subsets of the
 * input/output counts in both the conventions and LangSmith, so they are copied, never added. The
 * cost computed by `genai_cost`, when present, comes along so LangSmith shows the same numbers as
 * every other backend instead of re-pricing. `undefined` for a span without token counts.
 */
export function usageMetadata(attributes: Attributes): UsageMetadata | undefined {
  // Another span of the same call owns its usage (genai_cost's mark): LangSmith sums it once.
  if (attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] !== undefined) return undefined;
  const input = count(attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
  const output = count(attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
  if (input === undefined && output === undefined) return undefined;
  const usage: UsageMetadata = {
    input_tokens: input ?? 0,
    output_tokens: output ?? 0,
    total_tokens: (input ?? 0) + (output ?? 0),
  };
  const zero = zeroDetailsWhenAbsent(attributes) ? 0 : undefined;
  const cacheRead = count(attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]) ?? zero;
  const cacheCreation = count(attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]);
  if (cacheRead !== undefined || cacheCreation !== undefined) {
    usage.input_token_details = {};
    if (cacheRead !== undefined) usage.input_token_details.cache_read = cacheRead;
    if (cacheCreation !== undefined) usage.input_token_details.cache_creation = cacheCreation;
  }
  const reasoning = count(attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]) ?? zero;
  if (reasoning !== undefined) usage.output_token_details = { reasoning };
  const cost = costOf(attributes);
  if (cost) Object.assign(usage, cost);
  return usage;
}
