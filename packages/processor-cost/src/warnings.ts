import type { ComponentLogger } from '@genai-otel/component';
import { MAX_TOKEN_COUNT } from '@genai-otel/semantic-conventions';
import { invalidCountNames, SUBSET_REWRITE } from './usage.js';

/** Past it, the logger's own once-only rule still holds; only the text is built again. */
const WARNED_LIMIT = 4096;

/**
 * What genai_cost tells the user, each once: a model without a price, counts that are no token
 * counts, counts that can only be additive. The texts are built once per key, not per call.
 */
export class CostWarnings {
  readonly #log: Pick<ComponentLogger, 'once'> | undefined;
  /** (provider, model) pairs already warned about as unpriced, at most `WARNED_LIMIT`. */
  readonly #warned = new Map<string | undefined, Set<string | undefined>>();
  #warnedCount = 0;
  /** Per scope, the `*_FROM_COUNTS` flags already warned about. */
  readonly #saidFromCounts = new Map<string, number>();

  constructor(log: Pick<ComponentLogger, 'once'> | undefined) {
    this.#log = log;
  }

  /** Counts that are no token counts: said once per instrumentation scope and kind of count. */
  invalidCounts(scope: string, invalid: number): void {
    this.#log?.once(
      `invalid-tokens:${scope}:${invalid}`,
      'warn',
      `instrumentation "${scope}" reported ${invalidCountNames(invalid)} token counts that are not whole numbers from 0 to ${MAX_TOKEN_COUNT} (negative, fractional, NaN or absurdly large): such calls get no cost and their counts are left out of metrics`,
    );
  }

  /** Counts that can only be additive from a source not listed as additive: said once per scope. */
  fromCounts(scope: string, rewritten: number): void {
    const log = this.#log;
    if (log === undefined) return;
    // The texts are built once per scope and kind, not per call.
    const said = this.#saidFromCounts.get(scope) ?? 0;
    const fresh =
      rewritten & ~said & (SUBSET_REWRITE.INPUT_FROM_COUNTS | SUBSET_REWRITE.OUTPUT_FROM_COUNTS);
    if (fresh === 0) return;
    if (this.#saidFromCounts.size < WARNED_LIMIT) this.#saidFromCounts.set(scope, said | fresh);
    if ((fresh & SUBSET_REWRITE.INPUT_FROM_COUNTS) !== 0)
      log.once(
        `additive-input:${scope}`,
        'warn',
        `instrumentation "${scope}" reports more cached tokens than input tokens, so its input excludes the cache (Anthropic's raw usage); such calls are priced that way, but one whose cache is smaller than its input cannot be told apart: if "${scope}" always reports raw usage, list it in processors.genai_cost.additive_usage_scopes`,
      );
    if ((fresh & SUBSET_REWRITE.OUTPUT_FROM_COUNTS) !== 0)
      log.once(
        `additive-reasoning:${scope}`,
        'warn',
        `instrumentation "${scope}" reports more reasoning tokens than output tokens, so its output excludes reasoning; such calls are priced that way, but the others cannot be told apart: if "${scope}" always counts reasoning apart, list it in processors.genai_cost.additive_reasoning_scopes`,
      );
  }

  unpriced(provider: string | undefined, model: string | undefined): void {
    if (this.#log === undefined) return;
    // The warning's key and text are built once per (provider, model), not per call.
    let models = this.#warned.get(provider);
    if (models?.has(model)) return;
    if (this.#warnedCount < WARNED_LIMIT) {
      if (models === undefined) {
        models = new Set();
        this.#warned.set(provider, models);
      }
      models.add(model);
      this.#warnedCount++;
    }
    const name = model ?? '(no model attribute)';
    this.#log.once(
      `unpriced:${provider ?? ''}:${name}`,
      'warn',
      `no price for model "${name}"${provider ? ` (provider ${provider})` : ''}: its calls get no cost attribute and count in gen_ai.client.cost.unpriced; add it under processors.genai_cost.prices`,
    );
  }
}
