import { type Percentiles, percentiles } from './percentile.js';

/** Token counts in the conventions' subset form: `input` includes the cache reads and writes. */
export interface TokenTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Figures over the LLM calls of one group (a model, a conversation, a tenant, an agent). */
export interface GroupStats {
  key: string;
  /** LLM calls: spans that are one model call (chat, completion, generate_content, embeddings). */
  calls: number;
  /** Calls whose span status is ERROR or that carry `error.type`. */
  errors: number;
  tokens: TokenTotals;
  /** Sum of `gen_ai.usage.cost.amount` (USD, written by the `genai_cost` processor). */
  costUsd: number;
  /** Calls with token usage but no cost attribute (model not in the pricing table, or no `genai_cost`). */
  unpricedCalls: number;
  /** LLM call duration, nearest-rank percentiles (see percentile.ts). */
  latencyMs: Percentiles;
}

/** One LLM call, as it is added to the groups it belongs to. */
export interface CallFigures {
  error: boolean;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** `undefined`: no cost attribute. */
  cost: number | undefined;
  hasUsage: boolean;
  ms: number;
}

/** Accumulates calls for one group; durations are the only per-call memory kept. */
export class GroupAccumulator {
  readonly key: string;
  calls = 0;
  errors = 0;
  readonly tokens: TokenTotals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
  costUsd = 0;
  unpricedCalls = 0;
  readonly durations: number[] = [];

  constructor(key: string) {
    this.key = key;
  }

  add(call: CallFigures): void {
    this.calls++;
    if (call.error) this.errors++;
    this.tokens.input += call.input;
    this.tokens.output += call.output;
    this.tokens.cacheRead += call.cacheRead;
    this.tokens.cacheWrite += call.cacheWrite;
    if (call.cost !== undefined) this.costUsd += call.cost;
    else if (call.hasUsage) this.unpricedCalls++;
    this.durations.push(call.ms);
  }

  stats(): GroupStats {
    return {
      key: this.key,
      calls: this.calls,
      errors: this.errors,
      tokens: { ...this.tokens },
      costUsd: this.costUsd,
      unpricedCalls: this.unpricedCalls,
      latencyMs: percentiles(this.durations),
    };
  }
}

/** Groups by key, created on first use. */
export class Groups {
  readonly #byKey = new Map<string, GroupAccumulator>();

  get(key: string): GroupAccumulator {
    let g = this.#byKey.get(key);
    if (!g) {
      g = new GroupAccumulator(key);
      this.#byKey.set(key, g);
    }
    return g;
  }

  /** Most expensive first, then most calls, then by key. */
  stats(): GroupStats[] {
    return [...this.#byKey.values()]
      .map((g) => g.stats())
      .sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.key.localeCompare(b.key));
  }
}
