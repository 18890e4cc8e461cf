import {
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CACHE_READ,
  ATTR_GEN_AI_USAGE_COST_CACHE_WRITE,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_COST_INPUT,
  ATTR_GEN_AI_USAGE_COST_OUTPUT,
  ATTR_GEN_AI_USAGE_COST_REASONING,
  COST_CURRENCY_USD,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';

/** The cost fields of LangSmith's `usage_metadata` (US dollars). */
export interface RunCost {
  input_cost?: number;
  output_cost?: number;
  total_cost?: number;
  input_cost_details?: { cache_read?: number; cache_creation?: number };
  output_cost_details?: { reasoning?: number };
}

function amount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function sum(...values: (number | undefined)[]): number | undefined {
  let total: number | undefined;
  for (const v of values) if (v !== undefined) total = (total ?? 0) + v;
  return total;
}

/**
 * The cost `genai_cost` put on the span, in LangSmith's fields: input = uncached input + cache
 * reads + cache writes, output = output + reasoning, total = `gen_ai.usage.cost.amount`; cache and
 * reasoning parts also as `*_cost_details` under the token-detail names. LangSmith then shows the
 * price genai-otel computed (the same as every other backend) instead of pricing the tokens
 * again. `undefined` when the span was not priced or is priced in a currency other than USD
 * (LangSmith's costs are dollars).
 */
export function costOf(attributes: Attributes): RunCost | undefined {
  const currency = attributes[ATTR_GEN_AI_USAGE_COST_CURRENCY];
  if (currency !== undefined && currency !== COST_CURRENCY_USD) return undefined;
  const total = amount(attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]);
  const input = amount(attributes[ATTR_GEN_AI_USAGE_COST_INPUT]);
  const cacheRead = amount(attributes[ATTR_GEN_AI_USAGE_COST_CACHE_READ]);
  const cacheWrite = amount(attributes[ATTR_GEN_AI_USAGE_COST_CACHE_WRITE]);
  const output = amount(attributes[ATTR_GEN_AI_USAGE_COST_OUTPUT]);
  const reasoning = amount(attributes[ATTR_GEN_AI_USAGE_COST_REASONING]);
  const inputCost = sum(input, cacheRead, cacheWrite);
  const outputCost = sum(output, reasoning);
  if (total === undefined && inputCost === undefined && outputCost === undefined) return undefined;
  const cost: RunCost = {};
  if (inputCost !== undefined) cost.input_cost = inputCost;
  if (outputCost !== undefined) cost.output_cost = outputCost;
  cost.total_cost = total ?? sum(inputCost, outputCost);
  if (cacheRead !== undefined || cacheWrite !== undefined) {
    cost.input_cost_details = {};
    if (cacheRead !== undefined) cost.input_cost_details.cache_read = cacheRead;
    if (cacheWrite !== undefined) cost.input_cost_details.cache_creation = cacheWrite;
  }
  if (reasoning !== undefined) cost.output_cost_details = { reasoning };
  return cost;
}
