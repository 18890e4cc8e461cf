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

export interface DimensionPlanner {
  /** The dimension sets of a metric with these labels, or undefined when it is not to be sent. */
  setsFor(labels: Labels, metricName: string): string[][] | undefined;
}

export interface PlannerOptions {
  rollup: DimensionRollupOption;
  declarations: readonly MetricDeclaration[];
  /** Called when a set exceeds 30 dimensions and is left out. */
  onOversize: (metricName: string, size: number) => void;
}

/**
 * Without declarations every metric of a label set shares the same sets, so they are computed
 * once per label set; with declarations they depend on the metric name too.
 */
export function createDimensionPlanner(options: PlannerOptions): DimensionPlanner {
  const { rollup, declarations, onOversize } = options;
  if (declarations.length === 0) {
    const cache = new Map<string, string[][]>();
    return {
      setsFor(labels, metricName) {
        let sets = cache.get(labels.key);
        if (sets === undefined) {
          sets = dedupe([labels.keys as string[], ...rollupSets(rollup, labels.keys)]);
          const capped = cap(sets, metricName, onOversize);
          // A point whose every set is too big is still sent, as a total with no dimensions.
          sets = capped.length > 0 ? capped : [[]];
          if (cache.size > 10_000) cache.clear();
          cache.set(labels.key, sets);
        } else if (labels.keys.length > LIMITS.dimensionsPerSet) {
          onOversize(metricName, labels.keys.length);
        }
        return sets;
      },
    };
  }
  return {
    setsFor(labels, metricName) {
      const sets: string[][] = [];
      let matched = false;
      for (const d of declarations) {
        if (!d.matchesLabels(labels) || !d.matchesName(metricName)) continue;
        matched = true;
        sets.push(...d.extractDimensions(labels));
      }
      if (!matched) return undefined;
      sets.push(...rollupSets(rollup, labels.keys));
      const out = cap(dedupe(sets), metricName, onOversize);
      // As in the collector: a declared metric none of whose sets fit its labels is not sent.
      return out.length > 0 ? out : undefined;
    },
  };
}

function cap(
  sets: string[][],
  metricName: string,
  onOversize: PlannerOptions['onOversize'],
): string[][] {
  const out: string[][] = [];
  for (const s of sets) {
    if (s.length > LIMITS.dimensionsPerSet) onOversize(metricName, s.length);
    else out.push(s);
  }
  return out;
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
