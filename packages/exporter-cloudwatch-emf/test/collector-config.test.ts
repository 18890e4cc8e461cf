/**
 * collector-config/cloudwatch.yaml is a valid config, and the CloudWatch dashboard and alarms in
 * collector-config/ read only metrics — names, dimension sets, statistics — that this exporter
 * emits with that config for what the file's real connectors and span processors (genai_metrics,
 * genai_rollup, the count/histogram connectors: their public factories, fed real finished spans)
 * produce. test/cloudwatch-dashboard.e2e.test.ts checks the same against a real app's output.
 */
import { readFileSync } from 'node:fs';
import type { Connector } from '@genai-otel/component';
import { type ComponentTypeInfo, parseConfig, type ResolvedConfig } from '@genai-otel/config';
import { genaiMetricsConnectorFactory } from '@genai-otel/connector-genai-metrics';
import {
  countConnectorFactory,
  histogramConnectorFactory,
} from '@genai-otel/connector-span-metrics';
import { rollupProcessorFactory } from '@genai-otel/processor-rollup';
import {
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVICE_NAME,
  ATTR_TENANT_ID,
  METRIC_GEN_AI_AGENT_DURATION,
  METRIC_GEN_AI_AGENT_HANDOFFS,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_COST_UNPRICED,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GEN_AI_ERRORS,
  METRIC_GEN_AI_RAG_STAGE_DURATION,
  METRIC_GEN_AI_RETRIEVAL_CALLS,
  METRIC_GEN_AI_RETRIEVAL_TOP_SCORE,
  METRIC_GEN_AI_TOOL_DURATION,
} from '@genai-otel/semantic-conventions';
import { captureLog } from '@genai-otel/test-utils';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import type { AwsEmfExporterConfig } from '../src/config.js';
import { AwsEmfMetricExporter } from '../src/exporter.js';
import { awsEmfExporterFactory, createTranslator } from '../src/factory.js';
import type { EmfEvent } from '../src/group/emf-document.js';
import { DropCounter } from '../src/push/drops.js';
import type { EmfSink } from '../src/push/sink.js';
import { resolveTemplate, type Template } from './support/cloudformation.js';
import {
  alarmReferences,
  dashboardReferences,
  type MetricReference,
} from './support/cloudwatch-references.js';
import { catalogOf, unresolved } from './support/emitted-catalog.js';
import { recordTraffic } from './support/traffic.js';

const root = new URL('../../../collector-config/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

/** The other components of the file, as the registry would describe them (settings unchecked here). */
const stub = (
  kind: ComponentTypeInfo['kind'],
  type: string,
  extra: Partial<ComponentTypeInfo> = {},
) =>
  ({
    kind,
    type,
    signals: ['traces', 'metrics'],
    createDefaultConfig: () => ({}),
    ...extra,
  }) as ComponentTypeInfo;
const types: ComponentTypeInfo[] = [
  stub('receiver', 'genai'),
  stub('processor', 'genai_cost'),
  stub('processor', 'batch'),
  rollupProcessorFactory,
  genaiMetricsConnectorFactory,
  countConnectorFactory,
  histogramConnectorFactory,
  awsEmfExporterFactory,
];
/** What the spans are already given here (prices) or what only batches: not run in the harness. */
const NOT_RUN = new Set(['genai_cost', 'batch']);
const catalog = {
  get: (kind: string, type: string) => types.find((t) => t.kind === kind && t.type === type),
  types: (kind: string) => types.filter((t) => t.kind === kind).map((t) => t.type),
};

/** Every metric the connector records, each of which the spans below produce. */
const CONNECTOR_METRICS = [
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_COST_UNPRICED,
  METRIC_GEN_AI_ERRORS,
  METRIC_GEN_AI_AGENT_DURATION,
  METRIC_GEN_AI_AGENT_HANDOFFS,
  METRIC_GEN_AI_TOOL_DURATION,
  METRIC_GEN_AI_RAG_STAGE_DURATION,
  METRIC_GEN_AI_RETRIEVAL_CALLS,
  METRIC_GEN_AI_RETRIEVAL_TOP_SCORE,
].map((m) => m.name);
/** The metrics of the file's count/histogram connectors: requests (RED) and conversations. */
const CONFIG_METRICS = [
  'genai.conversations',
  'genai.request.cost',
  'http.server.request.duration',
  'http.server.request.errors',
];

const SERVICE = 'checkout-bot';

/**
 * One collection of the metrics pipeline of cloudwatch.yaml, built the way the sdk builds it: each
 * connector and span processor from its factory and config, the processors' span processors then
 * the connectors' on a TracerProvider, and the connectors' metrics handed to the awsemf exporter's
 * reader through the Connector contract (a MetricProducer told the exporter's temporality, or the
 * MeterProvider when it records there).
 */
async function emitted(config: ResolvedConfig, awsemf: AwsEmfExporterConfig) {
  const events: EmfEvent[] = [];
  const sink: EmfSink = {
    target: 'memory',
    write: async (e) => void events.push(...e),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const log = captureLog();
  const exporter = new AwsEmfMetricExporter(
    createTranslator(awsemf, log),
    sink,
    new DropCounter(log, 'memory'),
  );
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: SERVICE,
    'host.name': 'ip-10-0-0-1',
  });
  const ctx = (id: string) => ({ id, log, env: {} });
  const traces = config.pipelines.find((p) => p.signal === 'traces')!;
  const processors: SpanProcessor[] = traces.processors
    .filter((id) => !NOT_RUN.has(id))
    .map((id) => {
      const c = config.processors.get(id)!;
      const factory = catalog.get('processor', c.type) as typeof rollupProcessorFactory;
      return factory.create(c.config as never, ctx(id)).spanProcessor as SpanProcessor;
    });
  const connectors: Connector[] = traces.exporters.map((id) => {
    const c = config.connectors.get(id)!;
    const factory = catalog.get('connector', c.type) as typeof countConnectorFactory;
    return factory.create(c.config as never, ctx(id));
  });
  const metricProducers = connectors.flatMap((connector) =>
    connector.createMetricProducer
      ? [
          connector.createMetricProducer({
            aggregationTemporalitySelector: (type) => exporter.selectAggregationTemporality(type),
            resource,
          }),
        ]
      : [],
  );
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: 3_600_000,
    metricProducers,
  });
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  for (const connector of connectors) connector.attach?.({ meterProvider });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      ...processors,
      ...connectors.flatMap((c) => (c.spanProcessor ? [c.spanProcessor] : [])),
    ],
  });
  recordTraffic(tracerProvider);
  await tracerProvider.forceFlush();
  await reader.forceFlush();
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
  expect(log.lines).toEqual([]);
  return events;
}

describe('collector-config/cloudwatch.yaml with its dashboard and alarms', () => {
  const config = parseConfig(read('cloudwatch.yaml'), {
    catalog,
    env: {},
    file: 'cloudwatch.yaml',
  });
  const awsemf = config.exporters.get('awsemf')!.config as AwsEmfExporterConfig;

  it('is a valid config whose awsemf exporter declares the GenAI metrics', () => {
    expect(awsemf).toMatchObject({
      namespace: 'GenAI',
      output_destination: 'cloudwatch',
      detailed_metrics: true,
      dimension_rollup_option: 'NoDimensionRollup',
      resource_to_telemetry_conversion: { enabled: false },
    });
    expect(config.connectors.get('genai_metrics')?.config).toMatchObject({
      dimensions: [ATTR_SERVICE_NAME, { name: ATTR_TENANT_ID, default: 'none' }],
    });
    const lambda = parseConfig(read('cloudwatch.yaml'), {
      catalog,
      env: { GENAI_OTEL_EMF_OUTPUT: 'stdout' },
    }).exporters.get('awsemf')!.config;
    expect(lambda).toMatchObject({ output_destination: 'stdout' });
    expect(config.pipelines.map((p) => `${p.id}: ${p.receivers} → ${p.exporters}`)).toEqual([
      'traces: genai → genai_metrics,count/conversations,histogram/requests,histogram/http,count/http',
      'metrics: genai_metrics,count/conversations,histogram/requests,histogram/http,count/http → awsemf',
    ]);
  });

  it('emits every metric the connector records, with only the declared dimension sets (no resource attributes)', async () => {
    const events = await emitted(config, awsemf);
    expect(events.some((e) => e.message.includes('ip-10-0-0-1'))).toBe(false);
    const metrics = catalogOf(events);
    expect([...metrics.keys()].sort()).toEqual([...CONNECTOR_METRICS, ...CONFIG_METRICS].sort());
    for (const [name, m] of metrics) {
      for (const set of m.sets) expect(set.split(','), name).toContain(ATTR_SERVICE_NAME);
      expect(m.sets.has('host.name'), name).toBe(false);
    }
  });

  it('the dashboard reads only what is emitted', async () => {
    const dashboard = JSON.parse(read('cloudwatch-dashboard.json'));
    const refs = dashboardReferences(dashboard);
    expect(refs.length).toBeGreaterThan(15);
    const metrics = catalogOf(await emitted(config, awsemf));
    expect(unresolved(refs, metrics)).toEqual([]);
    // The Service selector swaps this value in every widget.
    expect(dashboard.variables[0]).toMatchObject({
      property: ATTR_SERVICE_NAME,
      defaultValue: 'checkout-bot',
    });
  });

  it('the alarms (error rate, p95 latency, spend, handoff rate, Bedrock throttles) read only what is emitted', async () => {
    const { alarms } = JSON.parse(read('cloudwatch-alarms.json'));
    expect(alarms.map((a: { AlarmName: string }) => a.AlarmName)).toEqual([
      'genai-checkout-bot-error-rate',
      'genai-checkout-bot-p95-latency',
      'genai-checkout-bot-spend-hourly',
      'genai-checkout-bot-spend-daily',
      'genai-checkout-bot-handoff-rate',
      'genai-checkout-bot-bedrock-throttles',
    ]);
    const refs = alarmReferences(alarms);
    const metrics = catalogOf(await emitted(config, awsemf));
    expect(unresolved(refs, metrics)).toEqual([]);
    // Alarms take one value per period: every query they return must be a single time series.
    for (const a of alarms) {
      if (a.Metrics)
        expect(a.Metrics.filter((q: { ReturnData: boolean }) => q.ReturnData)).toHaveLength(1);
      const period =
        a.Period ?? a.Metrics.find((q: { MetricStat?: unknown }) => q.MetricStat).MetricStat.Period;
      // CloudWatch refuses alarms that look back more than a day.
      expect(period * a.EvaluationPeriods).toBeLessThanOrEqual(86_400);
    }
  });

  it('the CloudFormation alarms: parameters, an SNS topic per tier, a composite, only what is emitted', async () => {
    const template = JSON.parse(read('cloudwatch-alarms.cfn.json')) as Template;
    const stack = resolveTemplate(template, { ServiceName: 'support-bot' });
    const alarms = Object.values(stack)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties);
    expect(alarms).toHaveLength(15);
    // No service hard-coded: every alarm filters on the ServiceName parameter.
    expect(JSON.stringify(template.Resources)).not.toContain('checkout-bot');
    const refs = alarmReferences(alarms);
    for (const r of refs) expect(r.dimensions, r.where).toContain(ATTR_SERVICE_NAME);
    expect(unresolved(refs, catalogOf(await emitted(config, awsemf)))).toEqual([]);
    // Each alarm notifies the topic of its tier, named in its description.
    const topics = { P1: 'critical', P2: 'high', P3: 'warning', P4: 'info' } as const;
    for (const a of alarms) {
      const tier = /^\[(P[1-4]) /.exec(String(a.AlarmDescription))![1] as keyof typeof topics;
      expect(a.AlarmActions, String(a.AlarmName)).toEqual([`genai-support-bot-${topics[tier]}`]);
    }
    // PagerDuty only on P1/P2; the composite pages when any of its alarms would.
    const pagerduty = Object.entries(template.Resources).filter(([k]) => k.endsWith('PagerDuty'));
    expect(pagerduty.map(([, r]) => (r.Properties.TopicArn as { Ref: string }).Ref)).toEqual([
      'CriticalTopic',
      'HighTopic',
    ]);
    const composite = Object.values(stack).find(
      (r) => r.Type === 'AWS::CloudWatch::CompositeAlarm',
    )!;
    const names = new Set(alarms.map((a) => a.AlarmName));
    const inRule = [...String(composite.Properties.AlarmRule).matchAll(/ALARM\("([^"]+)"\)/g)].map(
      (m) => m[1],
    );
    expect(inRule.length).toBeGreaterThan(1);
    for (const n of inRule) expect(names.has(n)).toBe(true);
  });

  it('the RED row and cost per conversation: requests, 5xx, cost per request, conversations started', async () => {
    const events = await emitted(config, awsemf);
    const value = (metric: string) => {
      const docs = events
        .map((e) => JSON.parse(e.message))
        .filter((d) => d[metric] !== undefined && d._aws.CloudWatchMetrics[0].Dimensions.length);
      expect(docs, metric).toHaveLength(1);
      return docs[0][metric];
    };
    // Two requests served, one a 500; both turns of one conversation, so one conversation started.
    expect(value('http.server.request.duration')).toMatchObject({ Count: 2 });
    expect(value('http.server.request.errors')).toBe(1);
    expect(value('genai.conversations')).toBe(1);
    // Each request's roll-up: the first carries the priced chat and embedding, the second nothing.
    const cost = value('genai.request.cost');
    expect(cost).toMatchObject({ Count: 2, Min: 0 });
    expect(cost.Sum).toBeCloseTo(0.00201 + 0.0000002, 12);
  });

  it('the checker does catch a reference to something not emitted', async () => {
    const metrics = catalogOf(await emitted(config, awsemf));
    const bad: MetricReference[] = [
      {
        where: 'x',
        namespace: 'GenAI',
        metric: `${METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name}.total`,
        dimensions: [ATTR_SERVICE_NAME],
        stat: 'Sum',
      },
      {
        where: 'x',
        namespace: 'GenAI',
        metric: METRIC_GEN_AI_CLIENT_COST.name,
        dimensions: [ATTR_GEN_AI_REQUEST_MODEL],
        stat: 'Sum',
      },
      {
        where: 'x',
        namespace: 'Other',
        metric: METRIC_GEN_AI_CLIENT_COST.name,
        dimensions: [ATTR_SERVICE_NAME],
        stat: 'Sum',
      },
    ];
    expect(unresolved(bad, metrics)).toHaveLength(3);
    const summary = catalogOf(await emitted(config, { ...awsemf, detailed_metrics: false }));
    expect(
      unresolved(
        [
          {
            where: 'x',
            namespace: 'GenAI',
            metric: METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name,
            dimensions: [ATTR_SERVICE_NAME],
            stat: 'p95',
          },
        ],
        summary,
      ),
    ).toHaveLength(1);
  });
});
