/**
 * The running spend of conversations, users, tenants and the service, and the budgets on them:
 * one process-wide ledger reached through a global symbol. The `genai_budget` processor writes
 * into it as each priced call ends; the manual API (`getSpend`, `remainingBudget`, …) reads it.
 * Neither side imports the other, and every copy of this package finds the same ledger.
 * Memory is bounded: each table keeps at most `maxEntries` ids (least recently used forgotten
 * first) and forgets ids idle for `idleTtlMs`.
 */

/** What a budget is kept per. */
export type BudgetScope = 'conversation' | 'user' | 'tenant' | 'service';

/** One budget as the ledger applies it. */
export interface BudgetLimit {
  name: string;
  scope: BudgetScope;
  /** USD; the budget is exceeded once the spend is above it. */
  limit: number;
  /** Fixed windows (aligned to the epoch: `1h` = clock hours, UTC); absent: no window. */
  windowMs?: number | undefined;
}

/** Whom a priced call is spent by; the service spends every call. */
export interface SpendOwners {
  conversationId?: string | undefined;
  userId?: string | undefined;
  tenantId?: string | undefined;
}

/** Where a budget stands for one id. */
export interface BudgetState {
  name: string;
  scope: BudgetScope;
  /** The conversation/user/tenant id (undefined for the service). */
  id: string | undefined;
  limit: number;
  spent: number;
  /** `limit - spent`, never below 0. */
  remaining: number;
  exceeded: boolean;
  windowMs: number | undefined;
}

/** A budget whose spend just went over its limit (once per id and window). */
export interface Crossing {
  budget: BudgetLimit;
  id: string | undefined;
  spent: number;
}

export interface LedgerOptions {
  maxEntries: number;
  idleTtlMs: number;
  /** The clock windows and idle times are read on (default `Date.now`; tests pass their own). */
  now?: (() => number) | undefined;
}

interface Entry {
  spent: number;
  /** The window index the spend is for (0 without a window). */
  window: number;
  crossed: boolean;
  /** Last time the id spent or was read. */
  seen: number;
  /** When the entry was (re)inserted at the young end of the map. */
  placed: number;
}

/**
 * Ids → spend, bounded in size and idle time. Eviction is "second chance" over insertion order,
 * close to least-recently-used without moving an entry on every touch (a Map delete + set per
 * priced call would cost more than the rest of the ledger): the oldest entry is evicted when it
 * was not used since it was placed, else placed again at the young end.
 */
class Table {
  readonly #entries = new Map<string, Entry>();
  evicted = 0;

  constructor(readonly options: LedgerOptions) {}

  get(id: string, now: number): Entry | undefined {
    const e = this.#entries.get(id);
    if (e !== undefined && now - e.seen > this.options.idleTtlMs) return undefined;
    return e;
  }

  /** The entry of `id`, marked used now (created when absent or idle too long). */
  touch(id: string, now: number): Entry {
    let e = this.#entries.get(id);
    if (e !== undefined && now - e.seen > this.options.idleTtlMs) {
      this.#entries.delete(id);
      e = undefined;
    }
    if (e === undefined) {
      this.#makeRoom(now);
      e = { spent: 0, window: 0, crossed: false, seen: now, placed: now };
      this.#entries.set(id, e);
      return e;
    }
    e.seen = now;
    return e;
  }

  get size(): number {
    return this.#entries.size;
  }

  #makeRoom(now: number): void {
    const ttl = this.options.idleTtlMs;
    // Each entry gets at most one second chance per call, so this ends.
    for (let tries = this.#entries.size; tries > 0; tries--) {
      const first = this.#entries.entries().next();
      if (first.done) return;
      const [id, e] = first.value;
      const idle = now - e.seen > ttl;
      if (!idle && this.#entries.size < this.options.maxEntries) return;
      this.#entries.delete(id);
      if (!idle && e.seen > e.placed) {
        e.placed = now;
        this.#entries.set(id, e); // used since placed: a second chance
        continue;
      }
      this.evicted++;
    }
  }
}

const NO_CROSSINGS: readonly Crossing[] = Object.freeze([]);
const SCOPES: readonly BudgetScope[] = ['conversation', 'user', 'tenant', 'service'];

function idOf(owners: SpendOwners, scope: BudgetScope): string | undefined {
  switch (scope) {
    case 'conversation':
      return owners.conversationId || undefined;
    case 'user':
      return owners.userId || undefined;
    case 'tenant':
      return owners.tenantId || undefined;
    case 'service':
      return '';
  }
}

function keyOf(b: BudgetLimit): string {
  return `${b.name}\u0000${b.scope}\u0000${b.limit}\u0000${b.windowMs ?? 0}`;
}

export class SpendLedger {
  #options: LedgerOptions = { maxEntries: 10_000, idleTtlMs: 24 * 3600_000 };
  #now: () => number = Date.now;
  #spend = new Map<BudgetScope, Table>();
  #budgets: { budget: BudgetLimit; table: Table }[] = [];
  /**
   * The last span recorded. Two pipelines listing the processor see a span one right after the
   * other (every pipeline's `onEnding` runs for a span before the next span ends), so one slot
   * is enough to spend it once; a WeakSet of every span would cost more GC than the ledger.
   */
  #last: object | undefined;
  #active = false;

  /**
   * Called by the processor that feeds the ledger. Tables of budgets that are kept as they were
   * (several pipelines configure the same list) keep their spend.
   */
  configure(budgets: readonly BudgetLimit[], options: LedgerOptions): void {
    const sameOptions =
      options.maxEntries === this.#options.maxEntries &&
      options.idleTtlMs === this.#options.idleTtlMs;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    if (!sameOptions || !this.#active)
      this.#spend = new Map(SCOPES.map((s) => [s, new Table(options)]));
    const old = new Map(this.#budgets.map((b) => [keyOf(b.budget), b.table]));
    this.#budgets = budgets.map((budget) => ({
      budget,
      table: (sameOptions && old.get(keyOf(budget))) || new Table(options),
    }));
    this.#active = true;
  }

  /** True once a processor feeds the ledger. */
  get active(): boolean {
    return this.#active;
  }

  /** False when `token` is the one claimed last (the same span from another pipeline). */
  claim(token: object): boolean {
    if (this.#last === token) return false;
    this.#last = token;
    return true;
  }

  /** Adds a priced call's cost; returns the budgets it made cross (each once per id and window). */
  record(owners: SpendOwners, cost: number): readonly Crossing[] {
    const now = this.#now();
    if (!this.#active) return NO_CROSSINGS;
    for (const [scope, table] of this.#spend) {
      const id = idOf(owners, scope);
      if (id !== undefined) table.touch(id, now).spent += cost;
    }
    let crossings: Crossing[] | undefined;
    for (const { budget, table } of this.#budgets) {
      const id = idOf(owners, budget.scope);
      if (id === undefined) continue;
      const e = table.touch(id, now);
      const window = budget.windowMs ? Math.floor(now / budget.windowMs) : 0;
      if (e.window !== window) {
        e.window = window;
        e.spent = 0;
        e.crossed = false;
      }
      e.spent += cost;
      if (!e.crossed && e.spent > budget.limit) {
        e.crossed = true;
        crossings ??= [];
        crossings.push({ budget, id: id === '' ? undefined : id, spent: e.spent });
      }
    }
    return crossings ?? NO_CROSSINGS;
  }

  /** Spend since the id was first seen (within the memory bounds); undefined when unknown. */
  spent(scope: BudgetScope, id: string | undefined): number | undefined {
    const now = this.#now();
    const key = scope === 'service' ? '' : id;
    if (key === undefined) return undefined;
    return this.#spend.get(scope)?.get(key, now)?.spent;
  }

  /** Every budget that applies to `owners`, with its spend in the current window. */
  status(owners: SpendOwners): BudgetState[] {
    const now = this.#now();
    const states: BudgetState[] = [];
    for (const { budget, table } of this.#budgets) {
      const id = idOf(owners, budget.scope);
      if (id === undefined) continue;
      const e = table.get(id, now);
      const window = budget.windowMs ? Math.floor(now / budget.windowMs) : 0;
      const spent = e !== undefined && e.window === window ? e.spent : 0;
      states.push({
        name: budget.name,
        scope: budget.scope,
        id: id === '' ? undefined : id,
        limit: budget.limit,
        spent,
        remaining: Math.max(0, budget.limit - spent),
        exceeded: spent > budget.limit,
        windowMs: budget.windowMs,
      });
    }
    return states;
  }

  /** Ids held, per table (for tests and the memory bound). */
  get sizes(): { spend: number; budgets: number; evicted: number } {
    let spend = 0;
    let budgets = 0;
    let evicted = 0;
    for (const t of this.#spend.values()) {
      spend += t.size;
      evicted += t.evicted;
    }
    for (const b of this.#budgets) {
      budgets += b.table.size;
      evicted += b.table.evicted;
    }
    return { spend, budgets, evicted };
  }

  /** Forgets everything and stops being active (tests; a shut-down pipeline). */
  reset(): void {
    this.#spend = new Map();
    this.#budgets = [];
    this.#last = undefined;
    this.#active = false;
  }
}

const LEDGER = Symbol.for('@genai-otel/spend-ledger');

/** The process-wide ledger (created on first use). */
export function spendLedger(): SpendLedger {
  const g = globalThis as { [LEDGER]?: SpendLedger };
  g[LEDGER] ??= new SpendLedger();
  return g[LEDGER];
}
