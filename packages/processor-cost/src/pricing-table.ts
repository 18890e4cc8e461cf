import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkModelPrices, formatPricePath } from './check-prices.js';
import { canonicalModelId, looksLikeBedrock, modelIdCandidates } from './model-id.js';

/** USD per million tokens, by token type. */
export interface TokenPrices {
  input?: number;
  cache_read?: number;
  /** 5-minute cache writes (or the only kind of write). */
  cache_write?: number;
  /** 1-hour cache writes. */
  cache_write_1h?: number;
  output?: number;
  /** Reasoning tokens, when priced apart from output. */
  reasoning?: number;
}

/** Prices that replace the base ones when a request's input exceeds a size (long context). */
export interface PriceTier extends TokenPrices {
  above_input_tokens: number;
}

/** One model of a pricing file. */
export interface ModelPrice extends TokenPrices {
  /** Canonical id, matched exactly (case-insensitive). */
  model: string;
  /** Other exact ids (dated snapshots, marketing names). */
  aliases?: string[];
  /** A regular expression (case-insensitive) tried when no exact id matched. */
  pattern?: string;
  /** Long-context prices, in any order (sorted by threshold when loaded). */
  tiers?: PriceTier[];
  /** Where the price was read. */
  source?: string;
  /** What was changed or added by hand, and why (shipped tables). */
  note?: string;
}

/** A pricing file: one provider's models. */
export interface PricingFile {
  /** Table name (`openai`, `aws-bedrock` …). */
  provider: string;
  /** `gen_ai.provider.name` values this table prices first. */
  provider_names?: string[];
  /** `YYYY-MM-DD` the prices were last checked against `source`. */
  checked?: string;
  source?: string;
  models: ModelPrice[];
}

/** A resolved price: the entry and the table it came from. */
export interface ResolvedPrice {
  readonly entry: ModelPrice;
  readonly table: string;
}

interface CompiledTable {
  name: string;
  exact: Map<string, ModelPrice>;
  patterns: { regex: RegExp; entry: ModelPrice }[];
}

/** Directory of the pricing files shipped with this package. */
export const BUILTIN_PRICING_DIR = fileURLToPath(new URL('../pricing/', import.meta.url));

/** Reads every `*.json` pricing file of a directory, or one file. */
export function readPricingFiles(path: string): PricingFile[] {
  if (path.endsWith('.json')) return [parsePricingFile(readFileSync(path, 'utf8'), path)];
  return readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parsePricingFile(readFileSync(join(path, f), 'utf8'), join(path, f)));
}

/**
 * A pricing file, checked: every problem is named by its path (`models[3].tiers[0].input: must be
 * a non-negative number …`), all of them in one error.
 */
export function parsePricingFile(text: string, where: string): PricingFile {
  let data: PricingFile;
  try {
    data = JSON.parse(text) as PricingFile;
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof data?.provider !== 'string' || !Array.isArray(data.models)) {
    throw new Error(`${where}: a pricing file needs "provider" and "models"`);
  }
  const issues = checkModelPrices(data.models);
  if (issues.length > 0) {
    throw new Error(
      `${where}: ${issues.map((i) => `${formatPricePath('models', i.path)}: ${i.message}`).join('; ')}`,
    );
  }
  return data;
}

/**
 * The pricing tables, indexed for lookup by (provider, model). Matching, in order: the exact id
 * (or an alias), the id without its provider prefix / region / dated-snapshot suffix, a
 * fine-tuned id's `ft:` entry, then the patterns in table order. The provider's own tables are
 * searched first, then every other table. Results are cached per (provider, model) pair.
 */
export class PricingTable {
  readonly #tables: CompiledTable[];
  readonly #byProvider = new Map<string, CompiledTable[]>();
  readonly #cache = new Map<string, Map<string, ResolvedPrice | null>>();
  #cached = 0;
  static readonly CACHE_LIMIT = 4096;

  constructor(files: readonly PricingFile[], overrides: readonly ModelPrice[] = []) {
    this.#tables = [];
    // Overrides and additions form their own table, searched before every shipped one.
    if (overrides.length > 0) this.#tables.push(compile(OVERRIDES, overrides));
    for (const file of files) {
      const table = compile(file.provider, file.models);
      this.#tables.push(table);
      for (const name of file.provider_names ?? [file.provider]) {
        const list = this.#byProvider.get(name) ?? [];
        list.push(table);
        this.#byProvider.set(name, list);
      }
    }
  }

  /** Number of priced models across tables. */
  get size(): number {
    let n = 0;
    for (const t of this.#tables) n += new Set(t.exact.values()).size;
    return n;
  }

  /** The price of `model` as called through `provider` (a `gen_ai.provider.name`), or undefined. */
  lookup(provider: string | undefined, model: string): ResolvedPrice | undefined {
    const p = provider ?? '';
    let byModel = this.#cache.get(p);
    const hit = byModel?.get(model);
    if (hit !== undefined) return hit ?? undefined;
    const found = this.#resolve(p, model) ?? null;
    // Bounded: a flood of distinct ids (a bug upstream) cannot grow memory without end.
    if (this.#cached >= PricingTable.CACHE_LIMIT) {
      this.#cache.clear();
      this.#cached = 0;
      byModel = undefined;
    }
    if (!byModel) {
      byModel = new Map();
      this.#cache.set(p, byModel);
    }
    byModel.set(model, found);
    this.#cached++;
    return found ?? undefined;
  }

  #resolve(provider: string, model: string): ResolvedPrice | undefined {
    // A Bedrock-shaped id priced without a provider name is still a Bedrock call.
    const own =
      this.#byProvider.get(provider) ??
      (provider === '' && looksLikeBedrock(model) ? this.#byProvider.get(BEDROCK) : undefined) ??
      [];
    const groups = [
      this.#tables.filter((t) => t.name === OVERRIDES),
      own,
      this.#tables.filter((t) => t.name !== OVERRIDES && !own.includes(t)),
    ];
    const candidates = modelIdCandidates(model);
    const canonical = canonicalModelId(model);
    // Within a group an exact id beats a pattern; the provider's own tables beat any other.
    for (const group of groups) {
      for (const id of candidates) {
        for (const t of group) {
          const entry = t.exact.get(id);
          if (entry) return { entry, table: t.name };
        }
      }
      for (const t of group) {
        for (const p of t.patterns) {
          if (p.regex.test(canonical)) return { entry: p.entry, table: t.name };
        }
      }
    }
    return undefined;
  }
}

const OVERRIDES = 'overrides';
const BEDROCK = 'aws.bedrock';

/** The entry with its tiers sorted by threshold (a copy: the caller's objects are left alone). */
function withSortedTiers(m: ModelPrice): ModelPrice {
  const tiers = m.tiers;
  if (tiers === undefined || tiers.length < 2) return m;
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i]!.above_input_tokens < tiers[i - 1]!.above_input_tokens) {
      return {
        ...m,
        tiers: [...tiers].sort((a, b) => a.above_input_tokens - b.above_input_tokens),
      };
    }
  }
  return m;
}

function compile(name: string, models: readonly ModelPrice[]): CompiledTable {
  const exact = new Map<string, ModelPrice>();
  const patterns: CompiledTable['patterns'] = [];
  for (const given of models) {
    const m = withSortedTiers(given);
    for (const id of [m.model, ...(m.aliases ?? [])]) {
      const key = id.toLowerCase();
      if (!exact.has(key)) exact.set(key, m);
    }
    if (m.pattern) patterns.push({ regex: new RegExp(m.pattern, 'i'), entry: m });
  }
  return { name, exact, patterns };
}
