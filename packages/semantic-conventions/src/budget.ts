// genai-otel extensions: spend budgets (the genai_budget processor). A crossing is recorded once
// per budget, id and window, as a span event on the span whose cost crossed it; genai_metrics
// counts those events.
import type { GenAIOtelMetricDefinition } from './cost.js';

/** Span event name of a budget crossing (on the priced span that crossed it). */
export const EVENT_GEN_AI_BUDGET_EXCEEDED = 'gen_ai.budget.exceeded';
/** The budget's name as configured (low cardinality). */
export const ATTR_GEN_AI_BUDGET_NAME = 'gen_ai.budget.name';
/** What the budget is kept per: values in `GENAI_OTEL_BUDGET_SCOPE`. */
export const ATTR_GEN_AI_BUDGET_SCOPE = 'gen_ai.budget.scope';
/** The limit, USD (double). */
export const ATTR_GEN_AI_BUDGET_LIMIT = 'gen_ai.budget.limit';
/** USD spent in the scope and window when the limit was crossed (double). */
export const ATTR_GEN_AI_BUDGET_SPENT = 'gen_ai.budget.spent';
/** The conversation, user or tenant id whose spend crossed it (event only, never a metric label). */
export const ATTR_GEN_AI_BUDGET_SCOPE_ID = 'gen_ai.budget.scope.id';
/** The budget's window in seconds (absent: the scope's whole life). */
export const ATTR_GEN_AI_BUDGET_WINDOW = 'gen_ai.budget.window';

/** Values of `gen_ai.budget.scope`. */
export const GENAI_OTEL_BUDGET_SCOPE = {
  CONVERSATION: 'conversation',
  USER: 'user',
  TENANT: 'tenant',
  /** Everything the process prices. */
  SERVICE: 'service',
} as const;
export type GenAIOtelBudgetScope =
  (typeof GENAI_OTEL_BUDGET_SCOPE)[keyof typeof GENAI_OTEL_BUDGET_SCOPE];

export const METRIC_GEN_AI_BUDGET_EXCEEDED: GenAIOtelMetricDefinition = {
  name: 'gen_ai.budget.exceeded',
  unit: '{crossing}',
  instrument: 'counter',
  description:
    'Budget crossings: one per budget, scope id and window whose spend went over the limit',
  attributes: [ATTR_GEN_AI_BUDGET_NAME, ATTR_GEN_AI_BUDGET_SCOPE, ATTR_GEN_AI_BUDGET_LIMIT],
};
