import { debugExporterFactory } from './components/exporter-debug/factory.js';
import { fileExporterFactory } from './components/exporter-file/factory.js';
import { otlpHttpExporterFactory } from './components/exporter-otlp-http/factory.js';
import { prometheusExporterFactory } from './components/exporter-prometheus/factory.js';
import { batchProcessorFactory } from './components/processor-batch/factory.js';
import { genaiReceiverFactory } from './components/receiver-genai/factory.js';
import { importSync } from './import-sync.js';
import { lazyFactory } from './lazy-factory.js';
import { ComponentRegistry } from './registry.js';

type CostPackage = typeof import('@genai-otel/processor-cost');
type RedactionPackage = typeof import('@genai-otel/processor-redaction');
type RollupPackage = typeof import('@genai-otel/processor-rollup');
type BudgetPackage = typeof import('@genai-otel/processor-budget');
type TailSamplingPackage = typeof import('@genai-otel/processor-tail-sampling');
type MetricsPackage = typeof import('@genai-otel/connector-genai-metrics');
type SpanMetricsPackage = typeof import('@genai-otel/connector-span-metrics');
type EventsPackage = typeof import('@genai-otel/connector-genai-events');
type CloudWatchLogsPackage = typeof import('@genai-otel/exporter-cloudwatch-logs');
type EmfPackage = typeof import('@genai-otel/exporter-cloudwatch-emf');
type LangSmithPackage = typeof import('@genai-otel/exporter-langsmith');
type OtlpReceiverPackage = typeof import('@genai-otel/receiver-otlp');

// The component packages load only when a config names them (lazyFactory); the sdk's own
// components are small and load their heavy dependencies in `create`.
const cost = lazyFactory(
  { kind: 'processor', type: 'genai_cost', signals: ['traces'] },
  () => importSync<CostPackage>('@genai-otel/processor-cost').costProcessorFactory,
);
const redaction = lazyFactory(
  { kind: 'processor', type: 'redaction', signals: ['traces', 'logs'] },
  () => importSync<RedactionPackage>('@genai-otel/processor-redaction').redactionProcessorFactory,
);
const rollup = lazyFactory(
  { kind: 'processor', type: 'genai_rollup', signals: ['traces'] },
  () => importSync<RollupPackage>('@genai-otel/processor-rollup').rollupProcessorFactory,
);
const budget = lazyFactory(
  { kind: 'processor', type: 'genai_budget', signals: ['traces'] },
  () => importSync<BudgetPackage>('@genai-otel/processor-budget').budgetProcessorFactory,
);
const tailSampling = lazyFactory(
  { kind: 'processor', type: 'tail_sampling', signals: ['traces'] },
  () =>
    importSync<TailSamplingPackage>('@genai-otel/processor-tail-sampling')
      .tailSamplingProcessorFactory,
);
const genaiMetrics = lazyFactory(
  {
    kind: 'connector',
    type: 'genai_metrics',
    signals: ['traces', 'metrics'],
    connects: { from: 'traces', to: 'metrics' },
  },
  () =>
    importSync<MetricsPackage>('@genai-otel/connector-genai-metrics').genaiMetricsConnectorFactory,
);
/** count / sum / histogram: business metrics from spans by config. */
const spanMetrics = (['count', 'sum', 'histogram'] as const).map((type) =>
  lazyFactory(
    {
      kind: 'connector',
      type,
      signals: ['traces', 'metrics'],
      connects: { from: 'traces', to: 'metrics' },
    },
    () => {
      const pkg = importSync<SpanMetricsPackage>('@genai-otel/connector-span-metrics');
      return {
        count: pkg.countConnectorFactory,
        sum: pkg.sumConnectorFactory,
        histogram: pkg.histogramConnectorFactory,
      }[type];
    },
  ),
);
const genaiEvents = lazyFactory(
  {
    kind: 'connector',
    type: 'genai_events',
    signals: ['traces', 'logs'],
    connects: { from: 'traces', to: 'logs' },
  },
  () => importSync<EventsPackage>('@genai-otel/connector-genai-events').genaiEventsConnectorFactory,
);
const awsCloudWatchLogs = lazyFactory(
  { kind: 'exporter', type: 'awscloudwatchlogs', signals: ['logs'] },
  () =>
    importSync<CloudWatchLogsPackage>('@genai-otel/exporter-cloudwatch-logs')
      .awsCloudWatchLogsExporterFactory,
);
const awsEmf = lazyFactory(
  { kind: 'exporter', type: 'awsemf', signals: ['metrics'] },
  () => importSync<EmfPackage>('@genai-otel/exporter-cloudwatch-emf').awsEmfExporterFactory,
);
const langsmith = lazyFactory(
  { kind: 'exporter', type: 'langsmith', signals: ['traces'] },
  () => importSync<LangSmithPackage>('@genai-otel/exporter-langsmith').langsmithExporterFactory,
);

const otlpReceiver = lazyFactory(
  { kind: 'receiver', type: 'otlp', signals: ['traces', 'metrics', 'logs'] },
  () => importSync<OtlpReceiverPackage>('@genai-otel/receiver-otlp').otlpReceiverFactory,
);

/** A registry with every built-in component; add your own with `.register(factory)`. */
export function createDefaultRegistry(): ComponentRegistry {
  return new ComponentRegistry()
    .register(genaiReceiverFactory)
    .register(otlpReceiver)
    .register(batchProcessorFactory)
    .register(otlpHttpExporterFactory)
    .register(debugExporterFactory)
    .register(fileExporterFactory)
    .register(cost)
    .register(redaction)
    .register(rollup)
    .register(budget)
    .register(tailSampling)
    .register(genaiMetrics)
    .register(spanMetrics[0]!)
    .register(spanMetrics[1]!)
    .register(spanMetrics[2]!)
    .register(prometheusExporterFactory)
    .register(awsEmf)
    .register(langsmith)
    .register(genaiEvents)
    .register(awsCloudWatchLogs);
}
