import type { ComponentLogger } from '@genai-otel/component';
import {
  ATTR_GEN_AI_BUDGET_LIMIT,
  ATTR_GEN_AI_BUDGET_NAME,
  ATTR_GEN_AI_BUDGET_SCOPE,
  ATTR_GEN_AI_BUDGET_SCOPE_ID,
  ATTR_GEN_AI_BUDGET_SPENT,
  ATTR_GEN_AI_BUDGET_WINDOW,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  ATTR_TENANT_ID,
  ATTR_USER_ID,
  EVENT_GEN_AI_BUDGET_EXCEEDED,
} from '@genai-otel/semantic-conventions';
import {
  type BudgetLimit,
  type Crossing,
  type SpendLedger,
  spendLedger,
} from '@genai-otel/tracing';
import type { Attributes, AttributeValue, Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

export interface BudgetProcessorOptions {
  budgets: readonly BudgetLimit[];
  maxEntries: number;
  idleTtlMs: number;
  log: Pick<ComponentLogger, 'once'>;
  /** The ledger written to (default: the process-wide one the manual API reads). */
  ledger?: SpendLedger;
  /** The clock (tests). */
  now?: () => number;
}

const asId = (v: AttributeValue | undefined): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/**
 * Spends each priced call (`gen_ai.usage.cost.amount`, written by genai_cost listed before) on
 * its conversation, user, tenant and the service, in `onEnding`: the spend is in the ledger
 * before the instrumented call returns to the app, so the manual API reads it in the next line.
 * A call marked as counted by another span (`gen_ai.usage.owner_span_id`) is not spent twice,
 * nor is a span that two pipelines process. When the spend crosses a budget, the span that
 * crossed it gets one `gen_ai.budget.exceeded` event per budget, id and window.
 */
export class BudgetSpanProcessor implements SpanProcessor {
  readonly #ledger: SpendLedger;
  readonly #log: Pick<ComponentLogger, 'once'>;
  readonly #owners = { conversationId: '', userId: '', tenantId: '' } as {
    conversationId: string | undefined;
    userId: string | undefined;
    tenantId: string | undefined;
  };

  constructor(options: BudgetProcessorOptions) {
    this.#ledger = options.ledger ?? spendLedger();
    this.#ledger.configure(options.budgets, {
      maxEntries: options.maxEntries,
      idleTtlMs: options.idleTtlMs,
      now: options.now,
    });
    this.#log = options.log;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    const attrs = span.attributes;
    const cost = attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT];
    if (typeof cost !== 'number' || !(cost > 0) || cost === Number.POSITIVE_INFINITY) return;
    if (attrs[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] !== undefined) return;
    if (!this.#ledger.claim(span)) return;
    const owners = this.#owners;
    owners.conversationId = asId(attrs[ATTR_GEN_AI_CONVERSATION_ID]);
    owners.userId = asId(attrs[ATTR_USER_ID]);
    owners.tenantId = asId(attrs[ATTR_TENANT_ID]);
    const crossings = this.#ledger.record(owners, cost);
    for (const c of crossings) this.#crossed(span, c);
  }

  #crossed(span: Span, c: Crossing): void {
    const attributes: Attributes = {
      [ATTR_GEN_AI_BUDGET_NAME]: c.budget.name,
      [ATTR_GEN_AI_BUDGET_SCOPE]: c.budget.scope,
      [ATTR_GEN_AI_BUDGET_LIMIT]: c.budget.limit,
      [ATTR_GEN_AI_BUDGET_SPENT]: c.spent,
    };
    if (c.id !== undefined) attributes[ATTR_GEN_AI_BUDGET_SCOPE_ID] = c.id;
    if (c.budget.windowMs) attributes[ATTR_GEN_AI_BUDGET_WINDOW] = c.budget.windowMs / 1000;
    span.addEvent(EVENT_GEN_AI_BUDGET_EXCEEDED, attributes);
    this.#log.once(
      `budget:${c.budget.name}`,
      'warn',
      `budget "${c.budget.name}" (${c.budget.limit} USD per ${c.budget.scope}) was exceeded${c.id ? ` by ${c.budget.scope} ${c.id}` : ''}; each crossing is a ${EVENT_GEN_AI_BUDGET_EXCEEDED} span event and counts in the ${EVENT_GEN_AI_BUDGET_EXCEEDED} metric (said once per budget)`,
    );
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
