/**
 * The metrics a CloudWatch dashboard body or a set of PutMetricAlarm requests reads: namespace,
 * metric name, dimension names and statistic, from plain metric rows, MetricStat alarms, single
 * metric alarms and SEARCH expressions.
 */

export interface MetricReference {
  where: string;
  namespace: string;
  metric: string;
  /** Dimension names, sorted. */
  dimensions: string[];
  stat: string;
}

type Json = Record<string, unknown>;

export function dashboardReferences(body: { widgets: Json[] }): MetricReference[] {
  const out: MetricReference[] = [];
  for (const widget of body.widgets) {
    if (widget.type !== 'metric') continue;
    const props = widget.properties as Json;
    const title = String(props.title);
    for (const row of props.metrics as unknown[][]) {
      const last = row.at(-1);
      const options = (typeof last === 'object' && last !== null ? last : {}) as Json;
      if (typeof options.expression === 'string') {
        out.push(...searchReferences(options.expression, `dashboard "${title}"`));
        continue;
      }
      const cells = row.filter((c) => typeof c === 'string') as string[];
      const [namespace, metric, ...pairs] = cells;
      const dimensions: string[] = [];
      for (let i = 0; i < pairs.length; i += 2) dimensions.push(pairs[i]!);
      out.push({
        where: `dashboard "${title}"`,
        namespace: namespace!,
        metric: metric!,
        dimensions: dimensions.sort(),
        stat: String(options.stat ?? props.stat ?? 'Average'),
      });
    }
  }
  return out;
}

/** `SEARCH('{Namespace,"dim a","dim b"} MetricName="m" …', 'Stat', period)` */
export function searchReferences(expression: string, where: string): MetricReference[] {
  const out: MetricReference[] = [];
  for (const m of expression.matchAll(
    /SEARCH\('\{([^}]*)\}\s+MetricName="([^"]+)"[^']*',\s*'([^']+)'/g,
  )) {
    const [namespace, ...dims] = m[1]!.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
    out.push({ where, namespace: namespace!, metric: m[2]!, dimensions: dims.sort(), stat: m[3]! });
  }
  if (expression.includes('SEARCH(') && out.length === 0) {
    throw new Error(`${where}: cannot read the SEARCH expression ${expression}`);
  }
  return out;
}

interface AlarmMetric {
  Namespace: string;
  MetricName: string;
  Dimensions?: { Name: string; Value: string }[];
}

export function alarmReferences(alarms: Json[]): MetricReference[] {
  const out: MetricReference[] = [];
  const ref = (where: string, m: AlarmMetric, stat: string) =>
    out.push({
      where,
      namespace: m.Namespace,
      metric: m.MetricName,
      dimensions: (m.Dimensions ?? []).map((d) => d.Name).sort(),
      stat,
    });
  for (const a of alarms) {
    const where = `alarm ${String(a.AlarmName)}`;
    if (Array.isArray(a.Metrics)) {
      for (const q of a.Metrics as Json[]) {
        const stat = q.MetricStat as { Metric: AlarmMetric; Stat: string } | undefined;
        if (stat) ref(where, stat.Metric, stat.Stat);
      }
    } else {
      ref(where, a as unknown as AlarmMetric, String(a.ExtendedStatistic ?? a.Statistic));
    }
  }
  return out;
}
