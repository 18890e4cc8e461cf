/**
 * Dimension sets for a point: its full label set plus the collector's roll-ups, or what the
 * matching `metric_declarations` ask for; every set within CloudWatch's 30-dimension limit.
 */
import type { Labels } from '../translate/labels.js';
import { LIMITS } from '../translate/names.js';
import type { MetricDeclaration } from './metric-declarations.js';

export const DIMENSION_ROLLUP_OPTIONS = [
  'ZeroAndSingleDimensionRollup',
  'SingleDimensionRollupOnly',
  'NoDimensionRollup',
] as const;

export type DimensionRollupOption = (typeof DIMENSION_ROLLUP_OPTIONS)[number];

/**
 * Roll-up sets: `ZeroAndSingleDimensionRollup` adds the set with no dimensions (a total across
 * all series) and one set per label; `SingleDimensionRollupOnly` only the per-label sets.
 */
export function rollupSets(option: DimensionRollupOption, keys: readonly string[]): string[][] {
  const out: string[][] = [];
  if (keys.length === 0 || option === 'NoDimensionRollup') return out;
  if (option === 'ZeroAndSingleDimensionRollup') out.push([]);
  for (const k of keys) out.push([k]);
  return out;
}

/** A metric's dimension sets, interned: equal sets are the same object (directives group by it). */
export interface DimensionPlan {
  readonly sets: string[][];
}

export interface DimensionPlanner {
  /** The dimension sets of a metric with these labels, or undefined when it is not to be sent. */
  setsFor(labels: Labels, metricName: string): DimensionPlan | undefined;
  /** Plans remembered now (per label set, or per metric name and label set): ≤ the cache limit. */
  readonly cachedPlans: number;
}

export interface PlannerOptions {
  rollup: DimensionRollupOption;
  declarations: readonly MetricDeclaration[];
  /** Called when a set exceeds 30 dimensions and is left out. */
  onOversize: (metricName: string, size: number) => void;
  /** Entries each cache holds in all before it starts over; default 10,000. */
  cacheLimit?: number;
}

/** Plans, label sets and metric names remembered; past this a cache starts over. */
const CACHE_LIMIT = 10_000;

/**
 * Without declarations every metric of a label set shares the same sets, so they are computed
 * once per label set; with declarations they depend on the metric name too.
 */
export function createDimensionPlanner(options: PlannerOptions): DimensionPlanner {
  const { rollup, declarations, onOversize } = options;
  const limit = Math.max(1, options.cacheLimit ?? CACHE_LIMIT);
  const interned = new Map<string, DimensionPlan>();
  const intern = (sets: string[][]): DimensionPlan => {
    const key = sets.map((s) => s.join('\u0001')).join('\u0000');
    let plan = interned.get(key);
    if (plan === undefined) {
      plan = { sets };
      if (interned.size >= limit) interned.clear();
      interned.set(key, plan);
    }
    return plan;
  };

  if (declarations.length === 0) {
    const byLabels = new Map<string, DimensionPlan>();
    return {
      get cachedPlans() {
        return byLabels.size;
      },
      setsFor(labels, metricName) {
        let plan = byLabels.get(labels.key);
        if (plan === undefined) {
          const capped = cap(dedupe([labels.keys as string[], ...rollupSets(rollup, labels.keys)]));
          // A point whose every set is too big is still sent, as a total with no dimensions.
          plan = intern(capped.length > 0 ? capped : [[]]);
          if (byLabels.size >= limit) byLabels.clear();
          byLabels.set(labels.key, plan);
        }
        if (labels.keys.length > LIMITS.dimensionsPerSet)
          onOversize(metricName, labels.keys.length);
        return plan;
      },
    };
  }

  // Which declarations select a name depends on the name only: matched once per name.
  const byName = new Map<string, readonly MetricDeclaration[]>();
  const withMatchers = declarations.some((d) => d.hasLabelMatchers);
  // Per name, then label set: no key string to build per point. The bound is on the plans in all
  // (`cached`), not per level — per level it would be the limit squared.
  const byNameAndLabels = new Map<string, Map<string, DimensionPlan | null>>();
  let cached = 0;
  return {
    get cachedPlans() {
      return cached;
    },
    setsFor(labels, metricName) {
      let selected = byName.get(metricName);
      if (selected === undefined) {
        selected = declarations.filter((d) => d.matchesName(metricName));
        if (byName.size >= limit) byName.clear();
        byName.set(metricName, selected);
      }
      if (selected.length === 0) return undefined;
      let forName = byNameAndLabels.get(metricName);
      let plan = forName?.get(labels.key);
      if (plan === undefined) {
        const sets: string[][] = [];
        let matched = false;
        for (const d of selected) {
          if (withMatchers && !d.matchesLabels(labels)) continue;
          matched = true;
          sets.push(...d.extractDimensions(labels));
        }
        sets.push(...rollupSets(rollup, labels.keys));
        const out = cap(dedupe(sets));
        // As in the collector: a declared metric none of whose sets fit its labels is not sent.
        plan = matched && out.length > 0 ? intern(out) : null;
        if (cached >= limit) {
          byNameAndLabels.clear();
          cached = 0;
          forName = undefined;
        }
        if (forName === undefined) {
          forName = new Map();
          byNameAndLabels.set(metricName, forName);
        }
        forName.set(labels.key, plan);
        cached++;
      }
      // Declared sets are validated (≤ 30) and roll-ups have one dimension: nothing is too big.
      return plan ?? undefined;
    },
  };
}

function cap(sets: string[][]): string[][] {
  return sets.filter((s) => s.length <= LIMITS.dimensionsPerSet);
}

function dedupe(sets: string[][]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const s of sets) {
    const key = s.join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}
