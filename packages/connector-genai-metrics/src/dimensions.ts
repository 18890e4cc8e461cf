import type { ComponentLogger } from '@genai-otel/component';
import { ATTR_OTEL_METRIC_OVERFLOW } from '@genai-otel/semantic-conventions';
import type { Attributes, AttributeValue } from '@opentelemetry/api';

export interface Dimension {
  /** Attribute key, read from the span, then from its resource. */
  name: string;
  /** Value when neither has it; absent: the dimension is left out. */
  default?: string;
}

/** One combination of extra-dimension values: its attributes and a small id for series keys. */
export interface Extra {
  readonly id: number;
  readonly attrs: Attributes;
}

const NONE: Extra = Object.freeze({ id: 0, attrs: Object.freeze({}) as Attributes });
const OVERFLOW: Extra = Object.freeze({
  id: 1,
  attrs: Object.freeze({ [ATTR_OTEL_METRIC_OVERFLOW]: true }) as Attributes,
});

/**
 * The configured extra dimensions of a span, as one shared attributes object per distinct
 * combination, found through one nested Map level per dimension (no key string per span). Past
 * `limit` combinations every new one is folded into the single `otel.metric.overflow=true`
 * combination, and that is said once.
 */
export class DimensionSet {
  readonly #dims: readonly Dimension[];
  readonly #limit: number;
  readonly #log: Pick<ComponentLogger, 'once'> | undefined;
  readonly #root = new Map<string | undefined, unknown>();
  #size = 0;
  readonly #values: (string | undefined)[];

  constructor(dims: readonly Dimension[], limit: number, log?: Pick<ComponentLogger, 'once'>) {
    this.#dims = dims;
    this.#limit = limit;
    this.#log = log;
    this.#values = new Array(dims.length).fill(undefined);
  }

  get empty(): boolean {
    return this.#dims.length === 0;
  }

  /**
   * The extra attributes of a span; the empty combination when no dimension is configured. The
   * resource's attributes are read only for a dimension the span lacks.
   */
  of(attrs: Attributes, resource: { readonly attributes: Attributes } | undefined): Extra {
    const dims = this.#dims;
    if (dims.length === 0) return NONE;
    const values = this.#values;
    let node: unknown = this.#root;
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i]!;
      const v =
        text(attrs[d.name]) ??
        (resource ? text(resource.attributes[d.name]) : undefined) ??
        d.default;
      values[i] = v;
      if (node !== undefined) node = (node as Map<string | undefined, unknown>).get(v);
    }
    return node === undefined ? this.#add() : (node as Extra);
  }

  /** A combination seen for the first time (its values are in `#values`). */
  #add(): Extra {
    const dims = this.#dims;
    if (this.#size >= this.#limit) {
      this.#log?.once(
        'cardinality',
        'warn',
        `more than ${this.#limit} combinations of the dimensions [${dims.map((d) => d.name).join(', ')}]; further ones are folded into one series with ${ATTR_OTEL_METRIC_OVERFLOW}=true (raise cardinality_limit or drop a dimension)`,
      );
      return OVERFLOW;
    }
    const values = this.#values;
    const out: Attributes = {};
    for (let i = 0; i < dims.length; i++) {
      const v = values[i];
      if (v !== undefined) out[dims[i]!.name] = v;
    }
    const extra: Extra = Object.freeze({ id: this.#size + 2, attrs: Object.freeze(out) });
    let node = this.#root;
    const last = dims.length - 1;
    for (let i = 0; i < last; i++) {
      let next = node.get(values[i]) as Map<string | undefined, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(values[i], next);
      }
      node = next;
    }
    node.set(values[last], extra);
    this.#size++;
    return extra;
  }
}

function text(v: AttributeValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
