import type { Env } from '@genai-otel/component';
import type { ResolvedConfig } from '@genai-otel/config';
import type { Resource } from '@opentelemetry/resources';
import {
  type IMetricReader,
  MeterProvider,
  type MetricReader,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import type { Logger } from '../logger.js';
import { DEFAULT_EXPORT_TIMEOUT_MS } from './build-traces.js';
import { ExportReporter } from './export-reporter.js';
import type { SharedComponents } from './instantiate.js';
import { ReportingMetricExporter } from './reporting-exporters.js';

export interface MetricsBuild {
  meterProvider: MeterProvider;
  reporters: ExportReporter[];
  /** Shuts every push exporter down now, once (when a shutdown stops waiting for them). */
  closeExporters(): Promise<void>;
}

/**
 * One MeterProvider for every metrics pipeline: each exporter's `metrics` sink becomes a reader,
 * a push exporter behind a PeriodicExportingMetricReader (interval and timeout from the standard
 * OTEL_METRIC_EXPORT_INTERVAL / OTEL_METRIC_EXPORT_TIMEOUT), a pull reader as it is.
 */
export function buildMetrics(
  config: ResolvedConfig,
  shared: SharedComponents,
  resource: Resource,
  env: Env,
  log: Logger,
): MetricsBuild {
  const readers: IMetricReader[] = [];
  const reporters: ExportReporter[] = [];
  const exporters: ReportingMetricExporter[] = [];
  const seen = new Set<string>();
  const interval = positive(env.OTEL_METRIC_EXPORT_INTERVAL) ?? 60_000;
  const timeout = Math.min(positive(env.OTEL_METRIC_EXPORT_TIMEOUT) ?? 30_000, interval);

  for (const pipeline of config.pipelines) {
    if (pipeline.signal !== 'metrics') continue;
    for (const id of pipeline.exporters) {
      if (seen.has(id)) continue;
      seen.add(id);
      const exporter = shared.exporters.get(id);
      const sink = exporter?.metrics;
      if (!sink) {
        log.warn(
          `${shared.connectors.has(id) ? 'connector' : 'exporter'} ${id} cannot export metrics; pipeline ${pipeline.id} skips it`,
        );
        continue;
      }
      if (isReader(sink)) {
        readers.push(sink);
        continue;
      }
      const reporter = new ExportReporter({
        id,
        target: exporter.metricsTarget ?? exporter.target ?? id,
        unit: 'metric exports',
        log,
      });
      reporters.push(reporter);
      const reporting = new ReportingMetricExporter(
        sink,
        reporter,
        Math.min(exporter.timeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS, timeout),
      );
      exporters.push(reporting);
      readers.push(
        new PeriodicExportingMetricReader({
          exporter: reporting,
          exportIntervalMillis: interval,
          exportTimeoutMillis: timeout,
        }),
      );
    }
  }
  return {
    meterProvider: new MeterProvider({ resource, readers }),
    reporters,
    closeExporters: async () => {
      await Promise.allSettled(exporters.map((e) => e.close()));
    },
  };
}

/** Duck-typed: a reader from another copy of sdk-metrics fails `instanceof`. */
function isReader(sink: PushMetricExporter | MetricReader): sink is MetricReader {
  return typeof (sink as MetricReader).setMetricProducer === 'function';
}

function positive(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}
