import { getConversation } from './context.js';
import { type BudgetState, type SpendOwners, spendLedger } from './spend-ledger.js';

/**
 * Whose spend to read. Left out (or a field left undefined): the values `withConversation` put
 * in the active context.
 */
export type SpendQuery = SpendOwners;

/** Running spend in USD, per scope; a scope is undefined when it has no id or nothing is known. */
export interface Spend {
  conversation: number | undefined;
  user: number | undefined;
  tenant: number | undefined;
  /** Everything this process priced (within the ledger's idle time). */
  service: number | undefined;
}

function owners(query: SpendQuery | undefined): SpendOwners {
  const ctx = safeConversation();
  return {
    conversationId: query?.conversationId ?? ctx?.conversationId,
    userId: query?.userId ?? ctx?.userId,
    tenantId: query?.tenantId ?? ctx?.tenantId,
  };
}

function safeConversation() {
  try {
    return getConversation();
  } catch {
    return undefined; // a broken context manager: no current ids
  }
}

/**
 * The running cost of the current conversation (or `query`'s), in USD, including every call that
 * has ended so far. Undefined when no `genai_budget` processor feeds the ledger or no
 * conversation id is known.
 */
export function currentCost(query?: SpendQuery): number | undefined {
  return getSpend(query).conversation;
}

/** The running spend of the current (or given) conversation, user and tenant, and the service. */
export function getSpend(query?: SpendQuery): Spend {
  const ledger = spendLedger();
  const o = owners(query);
  const read = (scope: 'conversation' | 'user' | 'tenant', id: string | undefined) =>
    ledger.active && id ? (ledger.spent(scope, id) ?? 0) : undefined;
  return {
    conversation: read('conversation', o.conversationId),
    user: read('user', o.userId),
    tenant: read('tenant', o.tenantId),
    service: ledger.active ? (ledger.spent('service', '') ?? 0) : undefined,
  };
}

/** Every configured budget that applies to the current (or given) ids, with its spend. */
export function budgetStatus(query?: SpendQuery): BudgetState[] {
  return spendLedger().status(owners(query));
}

/** The least USD left across the budgets that apply; undefined when none applies. */
export function remainingBudget(query?: SpendQuery): number | undefined {
  let least: number | undefined;
  for (const s of budgetStatus(query))
    if (least === undefined || s.remaining < least) least = s.remaining;
  return least;
}

/** True when any budget that applies is over its limit: the signal to stop an agent loop. */
export function budgetExceeded(query?: SpendQuery): boolean {
  return budgetStatus(query).some((s) => s.exceeded);
}

/** Thrown by {@link checkBudget}; `budgets` lists those over their limit. */
export class BudgetExceededError extends Error {
  readonly budgets: readonly BudgetState[];
  constructor(budgets: readonly BudgetState[]) {
    super(
      `budget exceeded: ${budgets
        .map(
          (b) =>
            `${b.name} (${b.scope}${b.id ? ` ${b.id}` : ''}: spent ${b.spent} USD of ${b.limit})`,
        )
        .join(', ')}`,
    );
    this.name = 'BudgetExceededError';
    this.budgets = budgets;
  }
}

/**
 * Opt-in enforcement: throws a {@link BudgetExceededError} when any budget that applies to the
 * current (or given) ids is over its limit; call it before each step of an agent loop.
 */
export function checkBudget(query?: SpendQuery): void {
  const over = budgetStatus(query).filter((s) => s.exceeded);
  if (over.length > 0) throw new BudgetExceededError(over);
}
