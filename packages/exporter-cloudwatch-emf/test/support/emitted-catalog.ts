/**
 * What a set of EMF lines makes CloudWatch create — metric, namespace, dimension sets, whether
 * percentiles can be asked — and which dashboard or alarm references it leaves unanswered. Shared
 * by the config unit test and test/cloudwatch-dashboard.e2e.test.ts (a real app's output).
 */
import type { MetricReference } from './cloudwatch-references.js';
import { emfErrors } from './emf-validator.js';

export interface EmittedMetric {
  namespace: string;
  /** Dimension sets, each as its sorted names joined by ",". */
  sets: Set<string>;
  /** Carries Values/Counts, so CloudWatch can compute percentiles. */
  distribution: boolean;
}

/** metric → what CloudWatch would hold of it. An invalid EMF line throws, naming its errors. */
export function catalogOf(lines: readonly (string | { message: string })[]) {
  const metrics = new Map<string, EmittedMetric>();
  for (const line of lines) {
    const text = typeof line === 'string' ? line : line.message;
    const errors = emfErrors(text);
    if (errors.length > 0) throw new Error(`invalid EMF line: ${errors.join('; ')}\n${text}`);
    const doc = JSON.parse(text);
    for (const d of doc._aws.CloudWatchMetrics) {
      for (const m of d.Metrics) {
        const entry = metrics.get(m.Name) ?? {
          namespace: d.Namespace,
          sets: new Set<string>(),
          distribution: false,
        };
        for (const set of d.Dimensions) entry.sets.add([...set].sort().join(','));
        if (typeof doc[m.Name] === 'object' && 'Values' in doc[m.Name]) entry.distribution = true;
        metrics.set(m.Name, entry);
      }
    }
  }
  return metrics;
}

/** One line per reference the emitted metrics cannot answer. */
export function unresolved(
  refs: readonly MetricReference[],
  metrics: ReadonlyMap<string, EmittedMetric>,
): string[] {
  const problems: string[] = [];
  for (const r of refs) {
    // AWS's own namespaces (`AWS/Bedrock`) are CloudWatch's metrics, shown beside ours: not ours to emit.
    if (r.namespace.startsWith('AWS/')) continue;
    const m = metrics.get(r.metric);
    const what = `${r.where}: ${r.namespace} ${r.metric} [${r.dimensions.join(',')}] ${r.stat}`;
    if (!m) problems.push(`${what}: metric not emitted`);
    else if (m.namespace !== r.namespace)
      problems.push(`${what}: emitted in namespace ${m.namespace}`);
    else if (!m.sets.has(r.dimensions.join(',')))
      problems.push(`${what}: no such dimension set (${[...m.sets].join(' | ')})`);
    else if (/^p\d/.test(r.stat) && !m.distribution)
      problems.push(`${what}: percentiles need Values/Counts`);
    else if (!/^(p\d+(\.\d+)?|Sum|SampleCount|Average|Minimum|Maximum)$/.test(r.stat))
      problems.push(`${what}: unknown statistic`);
  }
  return problems;
}
