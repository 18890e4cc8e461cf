import type { Connector, Env, MetricsConsumer } from '@genai-otel/component';
import type { ResolvedConfig } from '@genai-otel/config';
import type { Resource } from '@opentelemetry/resources';
import {
  type CollectionResult,
  type IMetricReader,
  type InstrumentType,
  MeterProvider,
  type MetricProducer,
  type MetricReader,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import type { Logger } from '../logger.js';
import { DEFAULT_EXPORT_TIMEOUT_MS } from './build-traces.js';
import { ExportReporter } from './export-reporter.js';
import type { SharedComponents } from './instantiate.js';
import { ReceivedMetricProducer, ReceivedMetricsConsumer } from './received-metrics.js';
import { withResourceLabels } from './received-resource.js';
import { ReportingMetricExporter } from './reporting-exporters.js';

export interface MetricsBuild {
  meterProvider: MeterProvider;
  reporters: ExportReporter[];
  /** Per receiver id: the metrics pipelines listing it, for what it receives (`ReceiverHost.metrics`). */
  consumers: Map<string, MetricsConsumer>;
  /** Shuts every push exporter down now, once (when a shutdown stops waiting for them). */
  closeExporters(): Promise<void>;
}

/**
 * One MeterProvider for every metrics pipeline: each exporter's `metrics` sink becomes a reader,
 * a push exporter behind a PeriodicExportingMetricReader (interval and timeout from the standard
 * OTEL_METRIC_EXPORT_INTERVAL / OTEL_METRIC_EXPORT_TIMEOUT), a pull reader as it is. A connector
 * that aggregates its own metrics (`createMetricProducer`) gets one producer per reader of the
 * pipelines that list it as a receiver, collected with that reader and told its temporality.
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
  const sources = producingConnectors(config, shared);
  const received = receivingPipelines(config, shared);
  const consumers = new Map<string, ReceivedMetricsConsumer>();
  /** The connectors' producers for the reader of exporter `id` (which `reader()` returns once built). */
  const producersFor = (id: string, reader: () => IMetricReader | undefined): MetricProducer[] => {
    const producers: MetricProducer[] = [];
    const options = {
      aggregationTemporalitySelector: (type: InstrumentType) =>
        reader()!.selectAggregationTemporality(type),
      aggregationSelector: (type: InstrumentType) => reader()!.selectAggregation(type),
      resource,
    };
    for (const receiverId of received.get(id) ?? []) {
      let consumer = consumers.get(receiverId);
      if (!consumer) {
        consumer = new ReceivedMetricsConsumer();
        consumers.set(receiverId, consumer);
      }
      const producer = new ReceivedMetricProducer(options, log);
      consumer.producers.push(producer);
      producers.push(producer);
    }
    for (const [connectorId, connector] of sources.get(id) ?? []) {
      try {
        producers.push(connector.createMetricProducer!(options));
      } catch (error) {
        log.error(`connector ${connectorId} cannot feed exporter ${id}: ${String(error)}`);
      }
    }
    return producers;
  };

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
        addProducers(
          sink,
          producersFor(id, () => sink),
        );
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
        log,
        exporter.retry ? { retry: exporter.retry } : {},
      );
      exporters.push(reporting);
      let periodic: PeriodicExportingMetricReader | undefined;
      const metricProducers = producersFor(id, () => periodic);
      periodic = new PeriodicExportingMetricReader({
        exporter: reporting,
        exportIntervalMillis: interval,
        exportTimeoutMillis: timeout,
        ...(metricProducers.length > 0 ? { metricProducers } : {}),
      });
      readers.push(periodic);
    }
  }
  return {
    meterProvider: new MeterProvider({ resource, readers }),
    reporters,
    consumers,
    closeExporters: async () => {
      await Promise.allSettled(exporters.map((e) => e.close()));
    },
  };
}

/**
 * Per metrics exporter id: the connectors with their own metric producer among the receivers of
 * the metrics pipelines that export to it (a pipeline's readers get only its own receivers' data).
 */
function producingConnectors(
  config: ResolvedConfig,
  shared: SharedComponents,
): Map<string, Map<string, Connector>> {
  const out = new Map<string, Map<string, Connector>>();
  for (const pipeline of config.pipelines) {
    if (pipeline.signal !== 'metrics') continue;
    for (const receiverId of pipeline.receivers) {
      const connector = shared.connectors.get(receiverId);
      if (typeof connector?.createMetricProducer !== 'function') continue;
      for (const id of pipeline.exporters) {
        let connectors = out.get(id);
        if (!connectors) {
          connectors = new Map();
          out.set(id, connectors);
        }
        connectors.set(receiverId, connector);
      }
    }
  }
  return out;
}

/** Per metrics exporter id: the receivers (not connectors) of the metrics pipelines exporting to it. */
function receivingPipelines(
  config: ResolvedConfig,
  shared: SharedComponents,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const pipeline of config.pipelines) {
    if (pipeline.signal !== 'metrics') continue;
    for (const receiverId of pipeline.receivers) {
      if (!shared.receivers.has(receiverId)) continue;
      for (const id of pipeline.exporters) {
        let ids = out.get(id);
        if (!ids) {
          ids = new Set();
          out.set(id, ids);
        }
        ids.add(receiverId);
      }
    }
  }
  return out;
}

/**
 * A pull reader comes built by its exporter factory and takes producers only in its constructor:
 * the SDK's producer the MeterProvider hands it is wrapped so that each of its collections also
 * collects the connectors' producers, as `MetricReaderOptions.metricProducers` would.
 */
function addProducers(reader: IMetricReader, producers: MetricProducer[]): void {
  if (producers.length === 0) return;
  const setMetricProducer = reader.setMetricProducer.bind(reader);
  reader.setMetricProducer = (sdk: MetricProducer) =>
    setMetricProducer({
      async collect(options): Promise<CollectionResult> {
        const [own, ...more] = await Promise.all([
          sdk.collect(options),
          ...producers.map((p) => p.collect(options)),
        ]);
        return {
          resourceMetrics: {
            resource: own!.resourceMetrics.resource,
            // One resource per scrape: received points carry their sender's as labels.
            scopeMetrics: own!.resourceMetrics.scopeMetrics.concat(
              withResourceLabels(more.flatMap((r) => r.resourceMetrics.scopeMetrics)),
            ),
          },
          errors: own!.errors.concat(more.flatMap((r) => r.errors)),
        };
      },
    });
}

/** Duck-typed: a reader from another copy of sdk-metrics fails `instanceof`. */
function isReader(sink: PushMetricExporter | MetricReader): sink is MetricReader {
  return typeof (sink as MetricReader).setMetricProducer === 'function';
}

function positive(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}
