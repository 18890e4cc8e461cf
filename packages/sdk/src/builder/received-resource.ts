/**
 * Received metrics keep the resource they were sent with. A reader collects one
 * `ResourceMetrics` (its MeterProvider's resource), so the received producer marks each scope it
 * returns with the sender's resource, and the two kinds of reader use the mark:
 * - a push exporter (`otlp_http`, `awsemf`) sends each marked resource's scopes as a
 *   `ResourceMetrics` of their own, under that resource, as the collector's exporters do;
 * - a pull reader (Prometheus) exposes one resource per scrape, so received points get the
 *   `job` and `instance` labels of their resource, the OpenTelemetry specification's mapping
 *   (Prometheus compatibility: `service.namespace/service.name` → `job`, `service.instance.id` →
 *   `instance`), which the collector's `prometheus` exporter applies too: two services sending
 *   the same metric stay two series.
 */
import type { Attributes } from '@opentelemetry/api';
import type {
  DataPoint,
  MetricData,
  ResourceMetrics,
  ScopeMetrics,
} from '@opentelemetry/sdk-metrics';

type Resource = ResourceMetrics['resource'];

const received = new WeakMap<ScopeMetrics, Resource>();

/** Marks `scope` as received under `resource`; returns it. */
export function markReceived(scope: ScopeMetrics, resource: Resource): ScopeMetrics {
  received.set(scope, resource);
  return scope;
}

/**
 * One collection split by resource: the reader's own scopes under its resource, each received
 * resource's scopes under the sender's (in collection order). Nothing received: `[metrics]`.
 */
export function byResource(metrics: ResourceMetrics): ResourceMetrics[] {
  if (!metrics.scopeMetrics.some((s) => received.has(s))) return [metrics];
  const groups = new Map<Resource, ScopeMetrics[]>();
  for (const scope of metrics.scopeMetrics) {
    const resource = received.get(scope) ?? metrics.resource;
    const scopes = groups.get(resource);
    if (scopes) scopes.push(scope);
    else groups.set(resource, [scope]);
  }
  return [...groups].map(([resource, scopeMetrics]) => ({ resource, scopeMetrics }));
}

/** Received scopes with `job` / `instance` labels from their resource; others as they are. */
export function withResourceLabels(scopes: ScopeMetrics[]): ScopeMetrics[] {
  return scopes.map((scope) => {
    const resource = received.get(scope);
    if (!resource) return scope;
    const labels = identity(resource.attributes);
    if (Object.keys(labels).length === 0) return scope;
    return {
      scope: scope.scope,
      metrics: scope.metrics.map(
        (metric) =>
          ({
            ...metric,
            dataPoints: (metric.dataPoints as DataPoint<unknown>[]).map((point) => ({
              ...point,
              // A label the sender set itself wins.
              attributes: { ...labels, ...point.attributes },
            })),
          }) as MetricData,
      ),
    };
  });
}

function identity(attributes: Attributes): Record<string, string> {
  const out: Record<string, string> = {};
  const name = attributes['service.name'];
  const namespace = attributes['service.namespace'];
  if (name !== undefined && name !== '')
    out.job = namespace !== undefined && namespace !== '' ? `${namespace}/${name}` : String(name);
  const instance = attributes['service.instance.id'];
  if (instance !== undefined && instance !== '') out.instance = String(instance);
  return out;
}
