import type { ExporterFactory } from '@genai-otel/component';
import {
  createDefaultConfig,
  type PrometheusExporterConfig,
  parseEndpoint,
  schema,
  validate,
} from './config.js';
import { createPrometheusReader } from './exporter.js';

/**
 * Prometheus pull endpoint from the official `@opentelemetry/exporter-prometheus`: a MetricReader
 * that serves `/metrics` at `endpoint` (collector keys). Counters get `_total`; names keep no unit.
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
    return {
      metrics: createPrometheusReader({
        host: address.host,
        port: address.port,
        prefix: config.namespace,
        constLabels: config.const_labels,
        resourceLabels: config.resource_to_telemetry_conversion?.enabled === true,
        onListenError: (error) =>
          ctx.log.error(
            `cannot listen on ${shown} (${(error as NodeJS.ErrnoException).code ?? error.message}); /metrics is not served`,
          ),
      }),
      metricsTarget: `http://${shown}/metrics`,
    };
  },
};
