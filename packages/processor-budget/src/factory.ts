import type { ProcessorFactory } from '@genai-otel/component';
import { parseDuration } from '@genai-otel/config';
import { BudgetSpanProcessor } from './budget-processor.js';
import {
  type BudgetProcessorConfig,
  budgetName,
  createDefaultConfig,
  schema,
  validate,
} from './config.js';

export const budgetProcessorFactory: ProcessorFactory<BudgetProcessorConfig> = {
  kind: 'processor',
  type: 'genai_budget',
  signals: ['traces'],
  description:
    'Keeps the running spend of each conversation, user, tenant and the service (readable with @genai-otel/tracing getSpend/remainingBudget) and records a gen_ai.budget.exceeded event once per budget crossing; list it after genai_cost.',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    const d = createDefaultConfig();
    return {
      spanProcessor: new BudgetSpanProcessor({
        budgets: (config.budgets ?? []).map((b) => ({
          name: budgetName(b),
          scope: b.scope,
          limit: b.limit,
          windowMs: b.window === undefined ? undefined : parseDuration(b.window),
        })),
        maxEntries: config.max_entries ?? d.max_entries,
        idleTtlMs: parseDuration(config.idle_ttl ?? d.idle_ttl),
        log: ctx.log,
      }),
    };
  },
};
