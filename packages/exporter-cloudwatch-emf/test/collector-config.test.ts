/**
 * collector-config/cloudwatch.yaml is a valid config, and the CloudWatch dashboard and alarms in
 * collector-config/ read only metrics — names, dimension sets, statistics — that this exporter
 * emits with that config for what the real genai_metrics connector (its public factory, fed real
 * finished spans) produces.
 */
import { readFileSync } from 'node:fs';
import type { Connector } from '@genai-otel/component';
import { type ComponentTypeInfo, parseConfig } from '@genai-otel/config';
import { genaiMetricsConnectorFactory } from '@genai-otel/connector-genai-metrics';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVICE_NAME,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  GENAI_OTEL_HANDOFF_REASON,
  GENAI_OTEL_HANDOFF_TARGET_TYPE,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_RETRIEVAL_OUTCOME,
  genAISpanName,
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
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
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
import { emfErrors } from './support/emf-validator.js';

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
  genaiMetricsConnectorFactory,
  awsEmfExporterFactory,
];
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

const SERVICE = 'checkout-bot';

/** Finished spans of a support bot's few requests, as instrumentations and genai_cost leave them. */
function recordTraffic(tracerProvider: TracerProvider): void {
  const tracer = tracerProvider.getTracer('genai-otel-test');
  let clock = Date.now() - 60_000;
  const span = (name: string, attributes: Attributes, seconds: number, failed = false) => {
    const s = tracer.startSpan(name, { attributes, startTime: clock });
    if (failed) s.setStatus({ code: SpanStatusCode.ERROR });
    clock += seconds * 1000;
    s.end(clock);
  };
  const chat = (model: string) => ({
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
    [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
    [ATTR_GEN_AI_REQUEST_MODEL]: model,
  });
  const agent = (name: string) => ({
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: name,
  });
  // A priced, streamed call; a call of a model missing from the pricing table; a rate-limited one.
  span(
    genAISpanName(GEN_AI_OPERATION.CHAT, 'gpt-4o'),
    {
      ...chat('gpt-4o'),
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 420,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 96,
      [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 0.00201,
      [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: 0.31,
    },
    1.4,
  );
  span(
    genAISpanName(GEN_AI_OPERATION.CHAT, 'in-house-7b'),
    {
      ...chat('in-house-7b'),
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 80,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 12,
    },
    0.6,
  );
  span(
    genAISpanName(GEN_AI_OPERATION.CHAT, 'gpt-4o-mini'),
    { ...chat('gpt-4o-mini'), [ATTR_ERROR_TYPE]: 'RateLimitError' },
    0.2,
    true,
  );
  span(
    genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, 'support-triage'),
    agent('support-triage'),
    2.1,
  );
  span(genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, 'billing'), agent('billing'), 0.9);
  for (const [target, type] of [
    ['billing', GENAI_OTEL_HANDOFF_TARGET_TYPE.AGENT],
    ['support-desk', GENAI_OTEL_HANDOFF_TARGET_TYPE.HUMAN],
  ] as const) {
    span(
      genAISpanName(GENAI_OTEL_OPERATION.HANDOFF, target),
      {
        [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.HANDOFF,
        [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'support-triage',
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: target,
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: type,
        [ATTR_GEN_AI_AGENT_HANDOFF_REASON]: GENAI_OTEL_HANDOFF_REASON.ROUTING,
      },
      0.001,
    );
  }
  span(
    genAISpanName(GEN_AI_OPERATION.EXECUTE_TOOL, 'lookup_order'),
    {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
      [ATTR_GEN_AI_TOOL_NAME]: 'lookup_order',
    },
    0.05,
  );
  span(
    genAISpanName(GEN_AI_OPERATION.EMBEDDINGS, 'text-embedding-3-small'),
    {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EMBEDDINGS,
      [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
      [ATTR_GEN_AI_REQUEST_MODEL]: 'text-embedding-3-small',
      [ATTR_GEN_AI_DATA_SOURCE_ID]: 'help-center',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 9,
      [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 0.0000002,
    },
    0.08,
  );
  span(
    genAISpanName(GEN_AI_OPERATION.RETRIEVAL, 'help-center'),
    {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.RETRIEVAL,
      [ATTR_GEN_AI_DATA_SOURCE_ID]: 'help-center',
      [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: GENAI_OTEL_RETRIEVAL_OUTCOME.HIT,
      [ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]: JSON.stringify([
        { id: 'kb-12', score: 0.82 },
        { id: 'kb-40', score: 0.61 },
      ]),
    },
    0.04,
  );
}

/**
 * One collection of the metrics pipeline of cloudwatch.yaml, built the way the sdk builds it: the
 * connector from its factory and config, its spanProcessor on a TracerProvider, and its metrics
 * handed to the awsemf exporter's reader through the Connector contract (a MetricProducer told the
 * exporter's temporality, or the MeterProvider when it records there).
 */
async function emitted(config: { awsemf: AwsEmfExporterConfig; genai_metrics: unknown }) {
  const events: EmfEvent[] = [];
  const sink: EmfSink = {
    target: 'memory',
    write: async (e) => void events.push(...e),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const log = captureLog();
  const exporter = new AwsEmfMetricExporter(
    createTranslator(config.awsemf, log),
    sink,
    new DropCounter(log, 'memory'),
  );
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: SERVICE,
    'host.name': 'ip-10-0-0-1',
  });
  const connector: Connector = genaiMetricsConnectorFactory.create(
    config.genai_metrics as Parameters<typeof genaiMetricsConnectorFactory.create>[0],
    { id: 'genai_metrics', log, env: {} },
  );
  const metricProducers = connector.createMetricProducer
    ? [
        connector.createMetricProducer({
          aggregationTemporalitySelector: (type) => exporter.selectAggregationTemporality(type),
          resource,
        }),
      ]
    : [];
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: 3_600_000,
    metricProducers,
  });
  const meterProvider = new MeterProvider({ resource, readers: [reader] });
  connector.attach?.({ meterProvider });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: connector.spanProcessor ? [connector.spanProcessor] : [],
  });
  recordTraffic(tracerProvider);
  await tracerProvider.forceFlush();
  await reader.forceFlush();
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
  expect(log.lines).toEqual([]);
  return events;
}

/** metric → its dimension sets (sorted names joined by ",") and whether it carries Values/Counts. */
function catalogOf(events: EmfEvent[]) {
  const metrics = new Map<
    string,
    { namespace: string; sets: Set<string>; distribution: boolean }
  >();
  for (const e of events) {
    expect(emfErrors(e.message)).toEqual([]);
    const doc = JSON.parse(e.message);
    for (const d of doc._aws.CloudWatchMetrics) {
      for (const m of d.Metrics) {
        const entry = metrics.get(m.Name) ?? {
          namespace: d.Namespace,
          sets: new Set(),
          distribution: false,
        };
        for (const set of d.Dimensions) entry.sets.add([...set].sort().join(','));
        if (typeof doc[m.Name] === 'object' && 'Values' in doc[m.Name]) entry.distribution = true;
        metrics.set(m.Name, entry);
      }
    }
  }
  return metrics;
}

function unresolved(refs: MetricReference[], metrics: ReturnType<typeof catalogOf>): string[] {
  const problems: string[] = [];
  for (const r of refs) {
    // AWS's own namespaces (`AWS/Bedrock`) are CloudWatch's metrics, shown beside ours: not ours to emit.
    if (r.namespace.startsWith('AWS/')) continue;
    const m = metrics.get(r.metric);
    const what = `${r.where}: ${r.namespace} ${r.metric} [${r.dimensions.join(',')}] ${r.stat}`;
    if (!m) problems.push(`${what}: metric not emitted`);
    else if (m.namespace !== r.namespace)
      problems.push(`${what}: emitted in namespace ${m.namespace}`);
    else if (!m.sets.has(r.dimensions.join(',')))
      problems.push(`${what}: no such dimension set (${[...m.sets].join(' | ')})`);
    else if (/^p\d/.test(r.stat) && !m.distribution)
      problems.push(`${what}: percentiles need Values/Counts`);
    else if (!/^(p\d+(\.\d+)?|Sum|SampleCount|Average|Minimum|Maximum)$/.test(r.stat))
      problems.push(`${what}: unknown statistic`);
  }
  return problems;
}

describe('collector-config/cloudwatch.yaml with its dashboard and alarms', () => {
  const config = parseConfig(read('cloudwatch.yaml'), {
    catalog,
    env: {},
    file: 'cloudwatch.yaml',
  });
  const awsemf = config.exporters.get('awsemf')!.config as AwsEmfExporterConfig;
  const pipeline = { awsemf, genai_metrics: config.connectors.get('genai_metrics')!.config };

  it('is a valid config whose awsemf exporter declares the GenAI metrics', () => {
    expect(awsemf).toMatchObject({
      namespace: 'GenAI',
      output_destination: 'cloudwatch',
      detailed_metrics: true,
      dimension_rollup_option: 'NoDimensionRollup',
      resource_to_telemetry_conversion: { enabled: false },
    });
    expect(config.connectors.get('genai_metrics')?.config).toMatchObject({
      dimensions: [ATTR_SERVICE_NAME],
    });
    const lambda = parseConfig(read('cloudwatch.yaml'), {
      catalog,
      env: { GENAI_OTEL_EMF_OUTPUT: 'stdout' },
    }).exporters.get('awsemf')!.config;
    expect(lambda).toMatchObject({ output_destination: 'stdout' });
    expect(config.pipelines.map((p) => `${p.id}: ${p.receivers} → ${p.exporters}`)).toEqual([
      'traces: genai → genai_metrics',
      'metrics: genai_metrics → awsemf',
    ]);
  });

  it('emits every metric the connector records, with only the declared dimension sets (no resource attributes)', async () => {
    const events = await emitted(pipeline);
    expect(events.some((e) => e.message.includes('ip-10-0-0-1'))).toBe(false);
    const metrics = catalogOf(events);
    expect([...metrics.keys()].sort()).toEqual([...CONNECTOR_METRICS].sort());
    for (const [name, m] of metrics) {
      for (const set of m.sets) expect(set.split(','), name).toContain(ATTR_SERVICE_NAME);
      expect(m.sets.has('host.name'), name).toBe(false);
    }
  });

  it('the dashboard reads only what is emitted', async () => {
    const dashboard = JSON.parse(read('cloudwatch-dashboard.json'));
    const refs = dashboardReferences(dashboard);
    expect(refs.length).toBeGreaterThan(15);
    const metrics = catalogOf(await emitted(pipeline));
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
    const metrics = catalogOf(await emitted(pipeline));
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
    expect(alarms).toHaveLength(12);
    // No service hard-coded: every alarm filters on the ServiceName parameter.
    expect(JSON.stringify(template.Resources)).not.toContain('checkout-bot');
    const refs = alarmReferences(alarms);
    for (const r of refs) expect(r.dimensions, r.where).toContain(ATTR_SERVICE_NAME);
    expect(unresolved(refs, catalogOf(await emitted(pipeline)))).toEqual([]);
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

  it('the checker does catch a reference to something not emitted', async () => {
    const metrics = catalogOf(await emitted(pipeline));
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
    const summary = catalogOf(
      await emitted({ ...pipeline, awsemf: { ...awsemf, detailed_metrics: false } }),
    );
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
