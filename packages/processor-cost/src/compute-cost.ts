import type { ModelPrice, TokenPrices } from './pricing-table.js';
import type { Usage } from './usage.js';

/** A call's cost in USD, by part; `total` is their sum. */
export interface Cost {
  total: number;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
}

export function emptyCost(): Cost {
  return { total: 0, input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 };
}

const PER_TOKEN = 1e-6;

/**
 * Prices subset-rule usage into `out` (reused). A request whose input exceeds a tier's
 * `above_input_tokens` is priced entirely at the highest such tier (as Anthropic, Google and OpenAI bill long
 * context). A missing cache price falls back to the input price, a missing reasoning price to the
 * output price. Returns false when the entry has no price for a token type the call used.
 */
export function computeCost(usage: Usage, entry: ModelPrice, out: Cost): boolean {
  let p: TokenPrices = entry;
  const tiers = entry.tiers;
  if (tiers !== undefined) {
    // The highest threshold the input exceeds, whatever the order the tiers were written in.
    let above = -1;
    for (let i = 0; i < tiers.length; i++) {
      const t = tiers[i]!;
      if (usage.input > t.above_input_tokens && t.above_input_tokens > above) {
        p = t;
        above = t.above_input_tokens;
      }
    }
  }
  const input = p.input ?? entry.input;
  const output = p.output ?? entry.output;
  if (usage.input > 0 && input === undefined) return false;
  if (usage.output > 0 && output === undefined) return false;
  const inPrice = input ?? 0;
  const outPrice = output ?? 0;
  const readPrice = p.cache_read ?? entry.cache_read ?? inPrice;
  const writePrice = p.cache_write ?? entry.cache_write ?? inPrice;
  const write1hPrice = p.cache_write_1h ?? entry.cache_write_1h ?? writePrice;
  const reasoningPrice = p.reasoning ?? entry.reasoning ?? outPrice;

  const cached = Math.min(usage.cacheRead + usage.cacheWrite, usage.input);
  const reasoning = Math.min(usage.reasoning, usage.output);
  const write1h = Math.min(usage.cacheWrite1h, usage.cacheWrite);
  out.input = (usage.input - cached) * inPrice * PER_TOKEN;
  out.cacheRead = usage.cacheRead * readPrice * PER_TOKEN;
  out.cacheWrite = ((usage.cacheWrite - write1h) * writePrice + write1h * write1hPrice) * PER_TOKEN;
  out.output = (usage.output - reasoning) * outPrice * PER_TOKEN;
  out.reasoning = reasoning * reasoningPrice * PER_TOKEN;
  out.total = out.input + out.cacheRead + out.cacheWrite + out.output + out.reasoning;
  return true;
}
