/**
 * `metric_declarations`: which metrics are sent to CloudWatch as metrics, with which dimension
 * sets — the collector's rules (a declaration applies to a metric whose name matches one of its
 * `metric_name_selectors` and whose labels match one of its `label_matchers`, if any; only the
 * dimension sets whose every name is a label of the point are used).
 */
import type { Labels } from '../translate/labels.js';

/** One `metric_declarations` entry as written in the YAML. */
export interface MetricDeclarationConfig {
  /** Dimension sets to export; a set naming a label the point lacks is skipped. `[[]]`: no dimensions. */
  dimensions?: string[][];
  /** Regular expressions (unanchored, as in the collector); a metric whose name matches any is selected. */
  metric_name_selectors: string[];
  /** Optional: the declaration applies only to points whose labels match one of these. */
  label_matchers?: LabelMatcherConfig[];
}

export interface LabelMatcherConfig {
  /** Labels whose values are joined with `separator` and matched against `regex`. */
  label_names: string[];
  /** Default `;`. */
  separator?: string;
  regex: string;
}

interface CompiledMatcher {
  names: readonly string[];
  separator: string;
  regex: RegExp;
}

export class MetricDeclaration {
  /** Deduplicated, each set sorted, duplicate sets removed. */
  readonly dimensions: readonly (readonly string[])[];
  readonly #selectors: readonly RegExp[];
  readonly #matchers: readonly CompiledMatcher[];

  /** Throws on an invalid regular expression: `validate()` reports those first. */
  constructor(config: MetricDeclarationConfig) {
    const seen = new Set<string>();
    const dims: string[][] = [];
    for (const set of config.dimensions ?? [[]]) {
      const sorted = [...new Set(set)].sort();
      const key = sorted.join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      dims.push(sorted);
    }
    this.dimensions = dims;
    this.#selectors = config.metric_name_selectors.map((s) => new RegExp(s));
    this.#matchers = (config.label_matchers ?? []).map((m) => ({
      names: m.label_names,
      separator: m.separator || ';',
      regex: new RegExp(m.regex),
    }));
  }

  get hasLabelMatchers(): boolean {
    return this.#matchers.length > 0;
  }

  matchesName(name: string): boolean {
    for (const re of this.#selectors) if (re.test(name)) return true;
    return false;
  }

  matchesLabels(labels: Labels): boolean {
    if (this.#matchers.length === 0) return true;
    for (const m of this.#matchers) {
      const joined = m.names.map((n) => labels.values[n] ?? '').join(m.separator);
      if (m.regex.test(joined)) return true;
    }
    return false;
  }

  /** The declared sets whose every dimension is a label of the point. */
  extractDimensions(labels: Labels): string[][] {
    const out: string[][] = [];
    for (const set of this.dimensions) {
      if (set.every((d) => Object.hasOwn(labels.values, d))) out.push([...set]);
    }
    return out;
  }
}
