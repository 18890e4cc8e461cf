import type { ComponentLogger } from '@genai-otel/component';
import { ATTR_GEN_AI_TOOL_NAME, ATTR_GEN_AI_WORKFLOW_NAME } from '@genai-otel/semantic-conventions';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import type { SpanMetricsConnectorConfig } from './config.js';
import { countConnectorFactory, histogramConnectorFactory, sumConnectorFactory } from './index.js';

function logger(): ComponentLogger & { lines: string[] } {
  const lines: string[] = [];
  const seen = new Set<string>();
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    once(key, level, m) {
      if (seen.has(key)) return;
      seen.add(key);
      lines.push(`${level}: ${m}`);
    },
  };
}

type Factory = typeof countConnectorFactory;

/** A connector fed by a real TracerProvider, read by one reader of the given temporality. */
function setup(factory: Factory, spans: object, temporality = AggregationTemporality.CUMULATIVE) {
  const log = logger();
  const config = { ...factory.createDefaultConfig(), spans } as SpanMetricsConnectorConfig;
  expect(factory.validate!(config)).toEqual([]);
  const connector = factory.create(config, { id: factory.type, log, env: {} });
  const producer = connector.createMetricProducer!({
    aggregationTemporalitySelector: () => temporality,
    resource: resourceFromAttributes({ 'service.name': 'revops' }),
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'revops',
      'deployment.environment.name': 'prod',
    }),
    spanProcessors: [connector.spanProcessor!],
  });
  const tracer = provider.getTracer('app');
  const start = 1_700_000_000_000;
  return {
    log,
    span(
      name: string,
      attributes: Record<string, string | number | boolean>,
      ms = 1000,
      error = false,
    ) {
      const s = tracer.startSpan(name, { kind: SpanKind.INTERNAL, attributes, startTime: start });
      if (error) s.setStatus({ code: SpanStatusCode.ERROR });
      s.end(start + ms);
    },
    async metrics(): Promise<Map<string, MetricData>> {
      const { resourceMetrics, errors } = await producer.collect();
      expect(errors).toEqual([]);
      expect(resourceMetrics.resource.attributes['service.name']).toBe('revops');
      return new Map(
        resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]),
      );
    },
  };
}

const byAttr = (m: MetricData | undefined, key: string) =>
  Object.fromEntries(
    (m?.dataPoints ?? []).map((p) => [String(p.attributes[key]), p.value as number | Histogram]),
  );

describe('count', () => {
  it('counts the spans matching any condition, by attributes with defaults; a missing one without default is not counted', async () => {
    const t = setup(countConnectorFactory, {
      'revops.deal_assessments': {
        description: 'Deal assessments by outcome',
        conditions: [`attributes["${ATTR_GEN_AI_WORKFLOW_NAME}"] == "deal_assessment"`],
        attributes: [
          { key: 'deal.status', default_value: 'unknown' },
          { key: 'deployment.environment.name' },
        ],
      },
      'scheduling.appointments.created': {
        conditions: [
          `attributes["${ATTR_GEN_AI_TOOL_NAME}"] == "create_appointment" and status.code != STATUS_CODE_ERROR`,
        ],
        attributes: [{ key: 'calendar' }],
      },
    });
    for (const status of ['completed', 'completed', 'failed'])
      t.span('invoke_workflow deal_assessment', {
        [ATTR_GEN_AI_WORKFLOW_NAME]: 'deal_assessment',
        'deal.status': status,
      });
    t.span('invoke_workflow deal_assessment', { [ATTR_GEN_AI_WORKFLOW_NAME]: 'deal_assessment' });
    t.span('invoke_workflow other', {
      [ATTR_GEN_AI_WORKFLOW_NAME]: 'other',
      'deal.status': 'completed',
    });
    t.span('execute_tool create_appointment', {
      [ATTR_GEN_AI_TOOL_NAME]: 'create_appointment',
      calendar: 'sales',
    });
    t.span(
      'execute_tool create_appointment',
      { [ATTR_GEN_AI_TOOL_NAME]: 'create_appointment', calendar: 'sales' },
      10,
      true,
    );
    t.span('execute_tool create_appointment', { [ATTR_GEN_AI_TOOL_NAME]: 'create_appointment' });
    const m = await t.metrics();
    const deals = m.get('revops.deal_assessments')!;
    expect(deals.descriptor).toMatchObject({
      description: 'Deal assessments by outcome',
      unit: '{span}',
    });
    expect(byAttr(deals, 'deal.status')).toEqual({ completed: 2, failed: 1, unknown: 1 });
    // The resource attribute is found when the span has none.
    expect(
      deals.dataPoints.every((p) => p.attributes['deployment.environment.name'] === 'prod'),
    ).toBe(true);
    expect(byAttr(m.get('scheduling.appointments.created'), 'calendar')).toEqual({ sales: 1 });
  });

  it('with no metric named, counts every span as trace.span.count', async () => {
    const t = setup(countConnectorFactory, {});
    t.span('a', {});
    t.span('b', {});
    const m = await t.metrics();
    expect(m.get('trace.span.count')!.dataPoints.map((p) => p.value)).toEqual([2]);
  });

  it('delta readers get what happened since their last collection', async () => {
    const t = setup(countConnectorFactory, { calls: {} }, AggregationTemporality.DELTA);
    t.span('a', {});
    expect((await t.metrics()).get('calls')!.dataPoints[0]!.value).toBe(1);
    t.span('a', {});
    t.span('a', {});
    expect((await t.metrics()).get('calls')!.dataPoints[0]!.value).toBe(2);
  });
});

describe('sum', () => {
  it('sums a numeric attribute (numbers or numeric strings); other values are said once and skipped', async () => {
    const t = setup(sumConnectorFactory, {
      'revops.pipeline.value': {
        source_attribute: 'deal.amount_usd',
        unit: 'USD',
        attributes: [{ key: 'deal.stage', default_value: 'none' }],
      },
    });
    t.span('deal', { 'deal.amount_usd': 1200.5, 'deal.stage': 'won' });
    t.span('deal', { 'deal.amount_usd': '300', 'deal.stage': 'won' });
    t.span('deal', { 'deal.amount_usd': 'n/a', 'deal.stage': 'won' });
    t.span('deal', { 'deal.amount_usd': 'n/a' });
    t.span('deal', { 'deal.amount_usd': -5 });
    t.span('deal', { 'deal.stage': 'lost' });
    const m = await t.metrics();
    expect(m.get('revops.pipeline.value')!.descriptor.unit).toBe('USD');
    expect(byAttr(m.get('revops.pipeline.value'), 'deal.stage')).toEqual({ won: 1500.5 });
    expect(t.log.lines).toEqual([
      'warn: metric revops.pipeline.value: span "deal" has no numeric deal.amount_usd; such spans are not measured',
      'warn: metric revops.pipeline.value: span "deal" has deal.amount_usd = -5; a sum only adds values ≥ 0, so such spans are not measured',
    ]);
  });
});

describe('histogram', () => {
  it('records the duration in seconds with the GenAI duration buckets, or an attribute with explicit buckets', async () => {
    const t = setup(histogramConnectorFactory, {
      'revops.deal_assessment.duration': {
        conditions: ['IsMatch(name, "^invoke_workflow deal_assessment")'],
        attributes: [{ key: 'deal.status', default_value: 'unknown' }],
      },
      'revops.deal_assessment.agents': {
        conditions: ['IsMatch(name, "^invoke_workflow deal_assessment")'],
        source_attribute: 'agents',
        buckets: [1, 2, 4, 8],
      },
    });
    t.span('invoke_workflow deal_assessment', { 'deal.status': 'completed', agents: 3 }, 12_000);
    t.span('invoke_workflow deal_assessment', { 'deal.status': 'completed', agents: 5 }, 30_500);
    t.span('invoke_workflow deal_assessment', { 'deal.status': 'failed', agents: 1 }, 400);
    const m = await t.metrics();
    const duration = m.get('revops.deal_assessment.duration')!;
    expect(duration.descriptor.unit).toBe('s');
    const completed = byAttr(duration, 'deal.status').completed as Histogram;
    expect(completed).toMatchObject({ count: 2, sum: 42.5, min: 12, max: 30.5 });
    expect(completed.buckets.boundaries).toEqual([
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
    ]);
    const agents = (m.get('revops.deal_assessment.agents')!.dataPoints[0] as DataPoint<Histogram>)
      .value;
    expect(agents).toMatchObject({ count: 3, sum: 9 });
    expect(agents.buckets).toEqual({ boundaries: [1, 2, 4, 8], counts: [1, 0, 1, 1, 0] });
  });

  it('folds attribute sets past the cardinality limit into the otel.metric.overflow series', async () => {
    const log = logger();
    const config = {
      spans: { calls: { attributes: [{ key: 'user' }] } },
      cardinality_limit: 3,
    } as SpanMetricsConnectorConfig;
    const connector = countConnectorFactory.create(config, { id: 'count', log, env: {} });
    const producer = connector.createMetricProducer!({});
    const tracer = new TracerProvider({ spanProcessors: [connector.spanProcessor!] }).getTracer(
      't',
    );
    for (let i = 0; i < 10; i++) tracer.startSpan('s', { attributes: { user: `u${i}` } }).end();
    const { resourceMetrics } = await producer.collect();
    const points = resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints;
    expect(points).toHaveLength(3);
    expect(points.reduce((n, p) => n + (p.value as number), 0)).toBe(10);
    expect(points.find((p) => p.attributes['otel.metric.overflow'] === true)?.value).toBe(8);
  });
});

describe('validation', () => {
  it('names the condition, attribute and bucket at fault', () => {
    expect(
      histogramConnectorFactory.validate!({
        cardinality_limit: 10,
        spans: {
          'ok.metric': {
            conditions: ['name == "a"', 'name == '],
            attributes: [{ key: 'a' }, { key: 'a' }],
            buckets: [1, 3, 2],
          },
          '9bad': {},
        },
      }),
    ).toEqual([
      {
        path: ['spans', 'ok.metric', 'conditions', 1],
        message: 'column 9: expected a value, a path or "(", found the end',
      },
      { path: ['spans', 'ok.metric', 'attributes', 1], message: 'duplicate key "a"' },
      {
        path: ['spans', 'ok.metric', 'buckets', 2],
        message: 'bucket boundaries must increase (2 after 3)',
      },
      {
        path: ['spans', '9bad'],
        message:
          '"9bad" is not a valid metric name (a letter, then letters, digits, _ . - /; at most 255)',
      },
    ]);
  });
});
