/**
 * Which log group a record goes to: the group named for the value of its routing attribute
 * (`category: error` → `/revops/error-analysis`), else the exporter's `log_group_name`.
 */
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

export class Router {
  readonly #attribute: string;
  readonly #groups: ReadonlyMap<string, string>;
  readonly #fallback: string;

  constructor(fallback: string, attribute: string, groups: Readonly<Record<string, string>>) {
    this.#fallback = fallback;
    this.#attribute = attribute;
    this.#groups = new Map(Object.entries(groups));
  }

  /** Every group this router can name (the fallback first). */
  get groups(): string[] {
    return [...new Set([this.#fallback, ...this.#groups.values()])];
  }

  groupOf(record: ReadableLogRecord): string {
    if (this.#groups.size === 0) return this.#fallback;
    const value = record.attributes[this.#attribute];
    return (typeof value === 'string' && this.#groups.get(value)) || this.#fallback;
  }
}
