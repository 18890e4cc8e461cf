/**
 * Groups translated points into EMF documents the way the collector does: one document per
 * (timestamp, label set), holding every metric recorded with exactly those labels. Limits are
 * kept by splitting: at most 100 metrics per document (hence per directive) and 100 values per
 * metric; a second distribution for the same metric goes to the next document, since a
 * statistic set cannot be an array element.
 */
import type { Labels } from '../translate/labels.js';
import { LIMITS } from '../translate/names.js';
import type { CloudWatchUnit } from '../translate/units.js';
import type { Distribution, EmfValue } from '../translate/values.js';
import type { DimensionPlanner } from './dimensions.js';
import type { EmfDocument, EmfMetadata, MetricDirective } from './emf-document.js';

/** One translated data point. */
export interface EmfPoint {
  name: string;
  unit: CloudWatchUnit;
  labels: Labels;
  /** Epoch milliseconds. */
  timestamp: number;
  value: number | Distribution;
}

interface MetricSlot {
  unit: CloudWatchUnit;
  numbers: number[];
  distributions: Distribution[];
  sets: string[][];
}

interface Group {
  timestamp: number;
  labels: Labels;
  metrics: Map<string, MetricSlot>;
}

export interface EventBuilderOptions {
  namespace: string;
  planner: DimensionPlanner;
  /** Written into `_aws` for the CloudWatch agent. */
  logGroupName?: string;
  logStreamName?: string;
  /** A metric dropped because its name is also one of its labels. */
  onNameClash?: (metricName: string) => void;
}

export class EventBuilder {
  readonly #options: EventBuilderOptions;
  readonly #groups = new Map<string, Group>();

  constructor(options: EventBuilderOptions) {
    this.#options = options;
  }

  add(point: EmfPoint): void {
    const { labels, name } = point;
    if (name in labels.values) {
      this.#options.onNameClash?.(name);
      return;
    }
    const key = `${point.timestamp}\u0000${labels.key}`;
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { timestamp: point.timestamp, labels, metrics: new Map() };
      this.#groups.set(key, group);
    }
    let slot = group.metrics.get(name);
    if (slot === undefined) {
      const sets = this.#options.planner.setsFor(labels, name);
      if (sets === undefined) return;
      slot = { unit: point.unit, numbers: [], distributions: [], sets };
      group.metrics.set(name, slot);
    }
    if (typeof point.value === 'number') slot.numbers.push(point.value);
    else slot.distributions.push(point.value);
  }

  /** The documents, in the order their groups were first seen. */
  build(): EmfDocument[] {
    const out: EmfDocument[] = [];
    for (const group of this.#groups.values()) this.#emit(group, out);
    this.#groups.clear();
    return out;
  }

  #emit(group: Group, out: EmfDocument[]): void {
    // Each metric's values as "chunks": ≤ 100 numbers, or one distribution. Document r holds
    // chunk r of every metric that has one.
    const chunked: { name: string; slot: MetricSlot; chunks: EmfValue[] }[] = [];
    let rounds = 0;
    for (const [name, slot] of group.metrics) {
      const chunks: EmfValue[] = [];
      const n = slot.numbers;
      for (let i = 0; i < n.length; i += LIMITS.valuesPerMetric) {
        const part = n.slice(i, i + LIMITS.valuesPerMetric);
        // A single value is written bare (as aws-embedded-metrics does): easier to query.
        chunks.push(part.length === 1 ? (part[0] as number) : part);
      }
      chunks.push(...slot.distributions);
      if (chunks.length > rounds) rounds = chunks.length;
      chunked.push({ name, slot, chunks });
    }
    for (let r = 0; r < rounds; r++) {
      const members = chunked.filter((m) => m.chunks.length > r);
      for (let i = 0; i < members.length; i += LIMITS.metricsPerDirective) {
        out.push(this.#document(group, members.slice(i, i + LIMITS.metricsPerDirective), r));
      }
    }
  }

  #document(
    group: Group,
    members: { name: string; slot: MetricSlot; chunks: EmfValue[] }[],
    round: number,
  ): EmfDocument {
    const directives = new Map<string, MetricDirective>();
    for (const { name, slot } of members) {
      const key = slot.sets.map((s) => s.join('\u0001')).join('\u0000');
      let d = directives.get(key);
      if (d === undefined) {
        d = { Namespace: this.#options.namespace, Dimensions: slot.sets, Metrics: [] };
        directives.set(key, d);
      }
      d.Metrics.push({ Name: name, Unit: slot.unit });
    }
    const meta: EmfMetadata = {
      Timestamp: group.timestamp,
      CloudWatchMetrics: [...directives.values()],
    };
    if (this.#options.logGroupName) meta.LogGroupName = this.#options.logGroupName;
    if (this.#options.logStreamName) meta.LogStreamName = this.#options.logStreamName;
    const doc = { _aws: meta } as EmfDocument;
    const values = group.labels.values;
    for (const k of group.labels.keys) doc[k] = values[k] as string;
    for (const { name, chunks } of members) doc[name] = chunks[round] as EmfValue;
    return doc;
  }
}
