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
import type { DimensionPlan, DimensionPlanner } from './dimensions.js';
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
  name: string;
  unit: CloudWatchUnit;
  plan: DimensionPlan;
  /** The value when there is exactly one number and no distribution (by far the usual case). */
  single: number | undefined;
  numbers: number[] | undefined;
  distributions: Distribution[] | undefined;
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
  // By timestamp, then label set: no per-point key string to build and hash.
  readonly #groups = new Map<number, Map<string, Group>>();
  readonly #order: Group[] = [];

  constructor(options: EventBuilderOptions) {
    this.#options = options;
  }

  add(point: EmfPoint): void {
    const { labels, name, value } = point;
    if (Object.hasOwn(labels.values, name)) {
      this.#options.onNameClash?.(name);
      return;
    }
    let byLabels = this.#groups.get(point.timestamp);
    if (byLabels === undefined) {
      byLabels = new Map();
      this.#groups.set(point.timestamp, byLabels);
    }
    let group = byLabels.get(labels.key);
    if (group === undefined) {
      group = { timestamp: point.timestamp, labels, metrics: new Map() };
      byLabels.set(labels.key, group);
      this.#order.push(group);
    }
    let slot = group.metrics.get(name);
    if (slot === undefined) {
      const plan = this.#options.planner.setsFor(labels, name);
      if (plan === undefined) return;
      slot = {
        name,
        unit: point.unit,
        plan,
        single: undefined,
        numbers: undefined,
        distributions: undefined,
      };
      group.metrics.set(name, slot);
    }
    if (typeof value === 'number') {
      if (slot.numbers) slot.numbers.push(value);
      else if (slot.single === undefined && !slot.distributions) slot.single = value;
      else {
        slot.numbers = slot.single === undefined ? [value] : [slot.single, value];
        slot.single = undefined;
      }
    } else {
      if (slot.single !== undefined) {
        slot.numbers = [slot.single];
        slot.single = undefined;
      }
      if (slot.distributions) slot.distributions.push(value);
      else slot.distributions = [value];
    }
  }

  /** The documents, in the order their groups were first seen. */
  build(): EmfDocument[] {
    const out: EmfDocument[] = [];
    for (const group of this.#order) this.#emit(group, out);
    this.#groups.clear();
    this.#order.length = 0;
    return out;
  }

  #emit(group: Group, out: EmfDocument[]): void {
    const slots = [...group.metrics.values()];
    if (slots.length === 0) return;
    // The usual case: one value per metric, ≤ 100 metrics → one document.
    if (slots.length <= LIMITS.metricsPerDirective && slots.every((s) => s.single !== undefined)) {
      out.push(this.#document(group, slots, (s) => s.single as number));
      return;
    }
    // Otherwise each metric's values become "chunks": ≤ 100 numbers, or one distribution, and
    // document r holds chunk r of every metric that has one.
    const chunks = new Map<MetricSlot, EmfValue[]>();
    let rounds = 0;
    for (const slot of slots) {
      const list: EmfValue[] = [];
      const n = slot.single !== undefined ? [slot.single] : (slot.numbers ?? []);
      for (let i = 0; i < n.length; i += LIMITS.valuesPerMetric) {
        const part = n.slice(i, i + LIMITS.valuesPerMetric);
        // A single value is written bare (as aws-embedded-metrics does): easier to query.
        list.push(part.length === 1 ? (part[0] as number) : part);
      }
      if (slot.distributions) list.push(...slot.distributions);
      if (list.length > rounds) rounds = list.length;
      chunks.set(slot, list);
    }
    for (let r = 0; r < rounds; r++) {
      const members = slots.filter((s) => (chunks.get(s) as EmfValue[]).length > r);
      for (let i = 0; i < members.length; i += LIMITS.metricsPerDirective) {
        const batch = members.slice(i, i + LIMITS.metricsPerDirective);
        out.push(this.#document(group, batch, (s) => (chunks.get(s) as EmfValue[])[r] as EmfValue));
      }
    }
  }

  #document(
    group: Group,
    members: MetricSlot[],
    valueFor: (s: MetricSlot) => EmfValue,
  ): EmfDocument {
    const directives: MetricDirective[] = [];
    let last: DimensionPlan | undefined;
    let current: MetricDirective | undefined;
    for (const slot of members) {
      // Plans are interned: equal dimension sets share one directive.
      if (slot.plan !== last) {
        last = slot.plan;
        current = directives.find((d) => d.Dimensions === slot.plan.sets);
        if (current === undefined) {
          current = { Namespace: this.#options.namespace, Dimensions: slot.plan.sets, Metrics: [] };
          directives.push(current);
        }
      }
      current!.Metrics.push({ Name: slot.name, Unit: slot.unit });
    }
    const meta: EmfMetadata = { Timestamp: group.timestamp, CloudWatchMetrics: directives };
    if (this.#options.logGroupName) meta.LogGroupName = this.#options.logGroupName;
    if (this.#options.logStreamName) meta.LogStreamName = this.#options.logStreamName;
    const doc = { _aws: meta } as EmfDocument;
    const values = group.labels.values;
    for (const k of group.labels.keys) doc[k] = values[k] as string;
    for (const slot of members) doc[slot.name] = valueFor(slot);
    return doc;
  }
}
