import type { ExporterFactory } from '@genai-otel/component';
import {
  createDefaultConfig,
  type PrometheusExporterConfig,
  parseEndpoint,
  schema,
  validate,
} from './config.js';
import { createPrometheusReader, resourceLabelPattern } from './exporter.js';

/**
 * Prometheus pull endpoint from the official `@opentelemetry/exporter-prometheus`: its
 * MetricReader and serializer, `/metrics` served at `endpoint` (collector keys). Counters get
 * `_total`; names keep no unit.
 */
export const prometheusExporterFactory: ExporterFactory<PrometheusExporterConfig> = {
  kind: 'exporter',
  type: 'prometheus',
  signals: ['metrics'],
  description: 'Serves metrics for Prometheus to scrape at http://<endpoint>/metrics.',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    const address = parseEndpoint(config.endpoint);
    if (!address)
      throw new Error(`endpoint must be host:port (got ${JSON.stringify(config.endpoint)})`);
    const host = address.host === undefined ? '0.0.0.0' : address.host;
    const shown = `${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    const resource = config.resource_to_telemetry_conversion;
    return {
      metrics: createPrometheusReader({
        host: address.host,
        port: address.port,
        prefix: config.namespace,
        constLabels: config.const_labels,
        resourceLabels:
          resource?.enabled === true
            ? resourceLabelPattern(resource.include, resource.exclude ?? [])
            : undefined,
        onListenError: (error) =>
          ctx.log.error(
            `cannot listen on ${shown} (${(error as NodeJS.ErrnoException).code ?? error.message}); /metrics is not served`,
          ),
      }),
      metricsTarget: `http://${shown}/metrics`,
    };
  },
};
