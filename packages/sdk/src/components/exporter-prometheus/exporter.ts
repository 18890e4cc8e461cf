import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** The official serializer with constant labels added to every data point. */
class ConstLabelSerializer extends PrometheusSerializer {
  readonly #labels: Record<string, string>;

  constructor(
    labels: Record<string, string>,
    ...args: ConstructorParameters<typeof PrometheusSerializer>
  ) {
    super(...args);
    this.#labels = labels;
  }

  override serialize(resourceMetrics: ResourceMetrics): string {
    return super.serialize({
      ...resourceMetrics,
      scopeMetrics: resourceMetrics.scopeMetrics.map((scope) => ({
        ...scope,
        metrics: scope.metrics.map((metric) => ({
          ...metric,
          dataPoints: metric.dataPoints.map((p) => ({
            ...p,
            attributes: { ...p.attributes, ...this.#labels },
          })),
        })),
      })) as ResourceMetrics['scopeMetrics'],
    });
  }
}

export interface PrometheusReaderOptions {
  host: string | undefined;
  port: number;
  prefix: string | undefined;
  constLabels: Record<string, string> | undefined;
  resourceLabels: boolean;
  onListenError(error: Error): void;
}

/**
 * The official PrometheusExporter (a pull MetricReader serving /metrics). Constant labels have no
 * option there: they are added by a serializer subclass set in place of its own.
 */
export function createPrometheusReader(o: PrometheusReaderOptions): PrometheusExporter {
  const exporter = new PrometheusExporter(
    {
      // An empty host makes node listen on every interface, as the collector does for ":9464".
      host: o.host ?? '',
      port: o.port,
      ...(o.prefix ? { prefix: o.prefix } : {}),
      ...(o.resourceLabels ? { withResourceConstantLabels: /.*/ } : {}),
    },
    (error) => {
      if (error) o.onListenError(error);
    },
  );
  if (o.constLabels && Object.keys(o.constLabels).length > 0) {
    (exporter as unknown as { _serializer: PrometheusSerializer })._serializer =
      new ConstLabelSerializer(o.constLabels, o.prefix, false, o.resourceLabels ? /.*/ : undefined);
  }
  return exporter;
}
