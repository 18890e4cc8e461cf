import { DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { DebugExporterConfig } from './config.js';
import { batchHeader, plural } from './format-common.js';

/** The text one metrics collection prints at a verbosity, ending in a newline. */
export function formatMetrics(
  data: ResourceMetrics,
  verbosity: DebugExporterConfig['verbosity'],
): string {
  const metrics = data.scopeMetrics.flatMap((s) => s.metrics);
  const points = metrics.reduce((n, m) => n + m.dataPoints.length, 0);
  let out = `${batchHeader(`${plural(metrics.length, 'metric')}, ${plural(points, 'data point')}`, data.resource.attributes)}\n`;
  if (verbosity === 'basic') return out;
  for (const metric of metrics) {
    const unit = metric.descriptor.unit ? ` ${metric.descriptor.unit}` : '';
    out += `  ${metric.descriptor.name}${unit}  ${DataPointType[metric.dataPointType]?.toLowerCase()}  ${plural(metric.dataPoints.length, 'point')}\n`;
    if (verbosity !== 'detailed') continue;
    for (const point of metric.dataPoints) {
      const attrs = Object.entries(point.attributes)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      const value = point.value;
      const shown =
        typeof value === 'number'
          ? String(value)
          : 'count' in value
            ? `count=${value.count} sum=${value.sum ?? ''}`
            : JSON.stringify(value);
      out += `     -> {${attrs}} ${shown}\n`;
    }
  }
  return out;
}
