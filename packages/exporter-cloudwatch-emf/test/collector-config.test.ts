/**
 * collector-config/cloudwatch.yaml is a valid config, and the CloudWatch dashboard and alarms in
 * collector-config/ read only metrics — names, dimension sets, statistics — that this exporter
 * emits with that config for the metrics the genai_metrics connector records.
 */
import { readFileSync } from 'node:fs';
import { type ComponentTypeInfo, parseConfig } from '@genai-otel/config';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVICE_NAME,
  type GenAIOtelMetricDefinition,
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
  type MetricDefinition,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import type { AwsEmfExporterConfig } from '../src/config.js';
import { AwsEmfMetricExporter } from '../src/exporter.js';
import { awsEmfExporterFactory, createTranslator } from '../src/factory.js';
import type { EmfEvent } from '../src/group/emf-document.js';
import { DropCounter } from '../src/push/drops.js';
import type { EmfSink } from '../src/push/sink.js';
import {
  alarmReferences,
  dashboardReferences,
  type MetricReference,
} from './support/cloudwatch-references.js';
import { emfErrors } from './support/emf-validator.js';
import { captureLog } from './support/log.js';

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
  stub('connector', 'genai_metrics', { connects: { from: 'traces', to: 'metrics' } }),
  awsEmfExporterFactory,
];
const catalog = {
  get: (kind: string, type: string) => types.find((t) => t.kind === kind && t.type === type),
  types: (kind: string) => types.filter((t) => t.kind === kind).map((t) => t.type),
};

const MODEL_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
];

/** What the genai_metrics connector records: each instrument with the attributes it carries. */
const RECORDED: {
  def: MetricDefinition;
  instrument: 'counter' | 'histogram';
  attributes: Attributes[];
}[] = [
  ...[
    METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
    METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  ].map((def) => ({
    def,
    instrument: 'histogram' as const,
    attributes: [values(MODEL_KEYS)],
  })),
  {
    def: METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
    instrument: 'histogram',
    attributes: ['input', 'output'].map((t) => ({
      ...values(MODEL_KEYS),
      [ATTR_GEN_AI_TOKEN_TYPE]: t,
    })),
  },
  ...(
    [
      METRIC_GEN_AI_CLIENT_COST,
      METRIC_GEN_AI_CLIENT_COST_UNPRICED,
      METRIC_GEN_AI_ERRORS,
      METRIC_GEN_AI_AGENT_DURATION,
      METRIC_GEN_AI_TOOL_DURATION,
      METRIC_GEN_AI_RAG_STAGE_DURATION,
      METRIC_GEN_AI_RETRIEVAL_CALLS,
      METRIC_GEN_AI_RETRIEVAL_TOP_SCORE,
    ] as GenAIOtelMetricDefinition[]
  ).map((def) => ({ def, instrument: def.instrument, attributes: [values(def.attributes)] })),
  {
    def: METRIC_GEN_AI_AGENT_HANDOFFS,
    instrument: 'counter',
    attributes: ['agent', 'human'].map((t) => ({
      ...values(METRIC_GEN_AI_AGENT_HANDOFFS.attributes),
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: t,
    })),
  },
];

/** The connector adds `service.name` (its `dimensions` in cloudwatch.yaml) to every metric. */
function values(keys: readonly string[]): Attributes {
  return {
    ...Object.fromEntries(
      keys.map((k) => [k, k === ATTR_ERROR_TYPE ? 'RateLimitError' : `${k}-value`]),
    ),
    [ATTR_SERVICE_NAME]: 'checkout-bot',
    ...(keys.includes(ATTR_GEN_AI_OPERATION_NAME) ? { [ATTR_GEN_AI_OPERATION_NAME]: 'chat' } : {}),
  };
}

async function emitted(config: AwsEmfExporterConfig) {
  const events: EmfEvent[] = [];
  const sink: EmfSink = {
    target: 'memory',
    write: async (e) => void events.push(...e),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const log = captureLog();
  const exporter = new AwsEmfMetricExporter(
    createTranslator(config, log),
    sink,
    new DropCounter(log, 'memory'),
  );
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: 'checkout-bot',
      'host.name': 'ip-10-0-0-1',
    }),
    readers: [reader],
  });
  const meter = provider.getMeter('genai-otel');
  for (const { def, instrument, attributes } of RECORDED) {
    if (instrument === 'counter') {
      const c = meter.createCounter(def.name, { unit: def.unit });
      for (const a of attributes) c.add(2, a);
    } else {
      const h = meter.createHistogram(def.name, {
        unit: def.unit,
        ...(def.buckets ? { advice: { explicitBucketBoundaries: [...def.buckets] } } : {}),
      });
      for (const a of attributes) for (const v of [0.2, 0.7, 3]) h.record(v, a);
    }
  }
  await reader.forceFlush();
  await provider.shutdown();
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

  it('is a valid config whose awsemf exporter declares the GenAI metrics', () => {
    expect(awsemf).toMatchObject({
      namespace: 'GenAI',
      output_destination: 'cloudwatch',
      detailed_metrics: true,
      dimension_rollup_option: 'NoDimensionRollup',
      resource_to_telemetry_conversion: { enabled: false },
    });
    expect(config.connectors.get('genai_metrics')?.config).toEqual({
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

  it('emits every recorded metric with only the declared dimension sets (no resource attributes)', async () => {
    const events = await emitted(awsemf);
    expect(events.some((e) => e.message.includes('ip-10-0-0-1'))).toBe(false);
    const metrics = catalogOf(events);
    expect([...metrics.keys()].sort()).toEqual(RECORDED.map((r) => r.def.name).sort());
    for (const [name, m] of metrics) {
      for (const set of m.sets) expect(set.split(','), name).toContain('service.name');
      expect(m.sets.has('host.name'), name).toBe(false);
    }
  });

  it('the dashboard reads only what is emitted', async () => {
    const dashboard = JSON.parse(read('cloudwatch-dashboard.json'));
    const refs = dashboardReferences(dashboard);
    expect(refs.length).toBeGreaterThan(15);
    const metrics = catalogOf(await emitted(awsemf));
    expect(unresolved(refs, metrics)).toEqual([]);
    // The Service selector swaps this value in every widget.
    expect(dashboard.variables[0]).toMatchObject({
      property: 'service.name',
      defaultValue: 'checkout-bot',
    });
  });

  it('the alarms (error rate, p95 latency, spend, handoff rate) read only what is emitted', async () => {
    const { alarms } = JSON.parse(read('cloudwatch-alarms.json'));
    expect(alarms.map((a: { AlarmName: string }) => a.AlarmName)).toEqual([
      'genai-checkout-bot-error-rate',
      'genai-checkout-bot-p95-latency',
      'genai-checkout-bot-spend-hourly',
      'genai-checkout-bot-spend-daily',
      'genai-checkout-bot-handoff-rate',
    ]);
    const refs = alarmReferences(alarms);
    const metrics = catalogOf(await emitted(awsemf));
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

  it('the checker does catch a reference to something not emitted', async () => {
    const metrics = catalogOf(await emitted(awsemf));
    const bad: MetricReference[] = [
      {
        where: 'x',
        namespace: 'GenAI',
        metric: 'gen_ai.client.tokens',
        dimensions: ['service.name'],
        stat: 'Sum',
      },
      {
        where: 'x',
        namespace: 'GenAI',
        metric: 'gen_ai.client.cost',
        dimensions: ['gen_ai.request.model'],
        stat: 'Sum',
      },
      {
        where: 'x',
        namespace: 'Other',
        metric: 'gen_ai.client.cost',
        dimensions: ['service.name'],
        stat: 'Sum',
      },
    ];
    expect(unresolved(bad, metrics)).toHaveLength(3);
    const summary = catalogOf(await emitted({ ...awsemf, detailed_metrics: false }));
    expect(
      unresolved(
        [
          {
            where: 'x',
            namespace: 'GenAI',
            metric: 'gen_ai.client.operation.duration',
            dimensions: ['service.name'],
            stat: 'p95',
          },
        ],
        summary,
      ),
    ).toHaveLength(1);
  });
});
