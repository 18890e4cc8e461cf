/**
 * Translation tables: OTel input stated exactly, EMF output compared as the exact JSON line.
 */
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@genai-otel/semantic-conventions';
import { AggregationTemporality, type MetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import {
  expHistogram,
  gauge,
  histogram,
  observe,
  point,
  sum,
  T0,
} from '../../test/support/metrics.js';
import { stdoutTranslator } from '../../test/support/translator.js';
import type { AwsEmfExporterConfig } from '../config.js';

const CUMULATIVE = AggregationTemporality.CUMULATIVE;
const MODEL = { [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o' };
// The EMF lines name attributes as they are: the conventions' names, spelled once.
const OP = ATTR_GEN_AI_OPERATION_NAME;
const REQ = ATTR_GEN_AI_REQUEST_MODEL;

const lines = (metrics: MetricData[], config: Partial<AwsEmfExporterConfig> = {}) =>
  stdoutTranslator(config).lines(metrics);

const head = (dims: string, metrics: string, ts = T0, ns = 'checkout-bot') =>
  `{"_aws":{"Timestamp":${ts},"CloudWatchMetrics":[{"Namespace":"${ns}","Dimensions":${dims},"Metrics":${metrics}}]}`;

describe('translate: instrument kinds', () => {
  it('a gauge is its value; no attributes → the empty dimension set', () => {
    expect(lines([gauge('queue.depth', '{request}', [point(3)])])).toEqual([
      `${head('[[]]', '[{"Name":"queue.depth","Unit":"Count"}]')},"queue.depth":3}`,
    ]);
  });

  it('a delta sum is its value, with the full set and the roll-ups as dimensions', () => {
    const attrs = { ...MODEL, [ATTR_GEN_AI_OPERATION_NAME]: 'chat' };
    expect(
      lines([
        sum(METRIC_GEN_AI_CLIENT_COST.name, METRIC_GEN_AI_CLIENT_COST.unit, [point(0.0125, attrs)]),
      ]),
    ).toEqual([
      `${head(
        `[["${OP}","${REQ}"],[],["${OP}"],["${REQ}"]]`,
        `[{"Name":"${METRIC_GEN_AI_CLIENT_COST.name}","Unit":"None"}]`,
      )},"${OP}":"chat","${REQ}":"gpt-4o","${METRIC_GEN_AI_CLIENT_COST.name}":0.0125}`,
    ]);
  });

  it('a cumulative monotonic sum is sent as deltas per series', () => {
    const t = stdoutTranslator({ dimension_rollup_option: 'NoDimensionRollup' });
    const collect = (a: number, b: number, end: number) =>
      t.lines([
        sum(
          'requests',
          '{request}',
          [point(a, { route: 'a' }, end, T0 - 60_000), point(b, { route: 'b' }, end, T0 - 60_000)],
          { temporality: CUMULATIVE },
        ),
      ]);
    const line = (route: string, v: number, ts: number) =>
      `${head('[["route"]]', '[{"Name":"requests","Unit":"Count"}]', ts)},"route":"${route}","requests":${v}}`;
    expect(collect(5, 7, T0)).toEqual([line('a', 5, T0), line('b', 7, T0)]);
    expect(collect(8, 7, T0 + 60_000)).toEqual([
      line('a', 3, T0 + 60_000),
      line('b', 0, T0 + 60_000),
    ]);
    // Restarted (the value went down): the new value is the delta.
    expect(collect(2, 9, T0 + 120_000)).toEqual([
      line('a', 2, T0 + 120_000),
      line('b', 2, T0 + 120_000),
    ]);
  });

  it('a cumulative up-down sum is its level, not a delta', () => {
    const t = stdoutTranslator();
    const collect = (v: number) =>
      t.lines([
        sum('inflight', '{request}', [point(v)], { temporality: CUMULATIVE, monotonic: false }),
      ]);
    expect(collect(4)).toEqual([
      `${head('[[]]', '[{"Name":"inflight","Unit":"Count"}]')},"inflight":4}`,
    ]);
    expect(collect(3)).toEqual([
      `${head('[[]]', '[{"Name":"inflight","Unit":"Count"}]')},"inflight":3}`,
    ]);
  });

  it('a delta histogram is a statistic set', () => {
    const d = METRIC_GEN_AI_CLIENT_OPERATION_DURATION;
    expect(
      lines([histogram(d.name, d.unit, [point(observe([0.5, 1, 2], [0.25, 0.75, 1.5]), MODEL)])], {
        dimension_rollup_option: 'NoDimensionRollup',
      }),
    ).toEqual([
      `${head(`[["${REQ}"]]`, `[{"Name":"${d.name}","Unit":"Seconds"}]`)},"${REQ}":"gpt-4o","${d.name}":{"Max":1.5,"Min":0.25,"Count":3,"Sum":2.5}}`,
    ]);
  });

  it('detailed_metrics adds Values/Counts, one value per occupied bucket', () => {
    // (1,4] clipped to [3,4] → 3.5; (4,16] → 10; (16,64] clipped to [16,50] → 33
    const d = METRIC_GEN_AI_CLIENT_TOKEN_USAGE;
    expect(
      lines([histogram(d.name, d.unit, [point(observe([1, 4, 16, 64], [3, 10, 12, 50]))])], {
        detailed_metrics: true,
      }),
    ).toEqual([
      `${head('[[]]', `[{"Name":"${d.name}","Unit":"Count"}]`)},"${d.name}":{"Values":[3.5,10,33],"Counts":[1,2,1],"Max":50,"Min":3,"Count":4,"Sum":75}}`,
    ]);
  });

  it('a cumulative histogram is sent as the interval delta; an interval with no observations is not sent', () => {
    const t = stdoutTranslator();
    const b = [1, 10];
    const collect = (values: number[], end: number) =>
      t.lines([histogram('latency', 'ms', [point(observe(b, values), {}, end)], CUMULATIVE)]);
    const line = (stats: string, ts: number) =>
      `${head('[[]]', '[{"Name":"latency","Unit":"Milliseconds"}]', ts)},"latency":${stats}}`;
    expect(collect([0.5, 5], T0)).toEqual([line('{"Max":5,"Min":0.5,"Count":2,"Sum":5.5}', T0)]);
    // Interval: 20 (a new max, exact) and 3 (min unknown → its bucket's lower bound).
    expect(collect([0.5, 5, 20, 3], T0 + 60_000)).toEqual([
      line('{"Max":20,"Min":1,"Count":2,"Sum":23}', T0 + 60_000),
    ]);
    expect(collect([0.5, 5, 20, 3], T0 + 120_000)).toEqual([]);
  });

  it('an exponential histogram is a statistic set', () => {
    const value = {
      count: 3,
      sum: 7,
      scale: 1,
      zeroCount: 0,
      positive: { offset: 1, bucketCounts: [2, 1] },
      negative: { offset: 0, bucketCounts: [] },
      min: 1.5,
      max: 4,
    };
    expect(lines([expHistogram('size', 'By', [point(value)])])).toEqual([
      `${head('[[]]', '[{"Name":"size","Unit":"Bytes"}]')},"size":{"Max":4,"Min":1.5,"Count":3,"Sum":7}}`,
    ]);
  });
});

describe('translate: grouping and limits', () => {
  it('puts metrics with the same labels and time in one event, others apart', () => {
    const out = lines(
      [
        sum('a', '1', [point(1, { k: 'x' }), point(2, { k: 'y' })]),
        gauge('b', '%', [point(50, { k: 'x' })]),
      ],
      { dimension_rollup_option: 'NoDimensionRollup' },
    );
    expect(out).toEqual([
      `${head('[["k"]]', '[{"Name":"a","Unit":"None"},{"Name":"b","Unit":"Percent"}]')},"k":"x","a":1,"b":50}`,
      `${head('[["k"]]', '[{"Name":"a","Unit":"None"}]')},"k":"y","a":2}`,
    ]);
  });

  it('splits at 100 metrics per directive', () => {
    const metrics = Array.from({ length: 150 }, (_, i) => gauge(`m${i}`, '', [point(i)]));
    const docs = lines(metrics).map((l) => JSON.parse(l));
    expect(docs).toHaveLength(2);
    expect(docs.map((d) => d._aws.CloudWatchMetrics[0].Metrics.length)).toEqual([100, 50]);
    expect(docs[1].m100).toBe(100);
    expect(docs[1]._aws.CloudWatchMetrics[0].Metrics[0]).toEqual({ Name: 'm100', Unit: 'None' });
  });

  it('writes repeated values of one metric as an array, at most 100 per event', () => {
    const points = Array.from({ length: 150 }, (_, i) => point(i));
    const docs = lines([gauge('g', '', points)]).map((l) => JSON.parse(l));
    expect(docs).toHaveLength(2);
    expect(docs[0].g).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(docs[1].g).toEqual(Array.from({ length: 50 }, (_, i) => i + 100));
  });

  it('sends a second distribution of the same series in its own event', () => {
    const h = observe([1], [0.5]);
    const docs = lines([histogram('h', 's', [point(h), point(h)]), gauge('g', '', [point(1)])]);
    expect(docs).toEqual([
      `${head('[[]]', '[{"Name":"h","Unit":"Seconds"},{"Name":"g","Unit":"None"}]')},"h":{"Max":0.5,"Min":0.5,"Count":1,"Sum":0.5},"g":1}`,
      `${head('[[]]', '[{"Name":"h","Unit":"Seconds"}]')},"h":{"Max":0.5,"Min":0.5,"Count":1,"Sum":0.5}}`,
    ]);
  });

  it('splits a detailed histogram of more than 100 buckets across events', () => {
    const boundaries = Array.from({ length: 120 }, (_, i) => i + 1);
    const values = Array.from({ length: 120 }, (_, i) => i + 0.5);
    const docs = lines([histogram('h', '', [point(observe(boundaries, values))])], {
      detailed_metrics: true,
    }).map((l) => JSON.parse(l));
    expect(docs.map((d) => d.h.Values.length)).toEqual([100, 20]);
    expect(docs.map((d) => d.h.Count)).toEqual([100, 20]);
  });

  it('leaves out a dimension set of more than 30 labels and says so once', () => {
    const attrs = Object.fromEntries(
      Array.from({ length: 31 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']),
    );
    const t = stdoutTranslator({ dimension_rollup_option: 'NoDimensionRollup' });
    const doc = JSON.parse(t.lines([gauge('g', '', [point(1, attrs), point(2, attrs)])])[0]!);
    expect(doc._aws.CloudWatchMetrics[0].Dimensions).toEqual([[]]);
    expect(doc.k30).toBe('v');
    expect(t.log.lines).toEqual([
      "warn: metric g: a dimension set of 31 labels exceeds CloudWatch's 30 and is left out",
    ]);
  });
});

describe('translate: names, units, resource', () => {
  it('namespace: configured, else service.namespace/service.name', () => {
    const g = [gauge('g', '', [point(1)])];
    const ns = (line: string) => JSON.parse(line)._aws.CloudWatchMetrics[0].Namespace;
    expect(ns(stdoutTranslator({ namespace: 'GenAI' }).lines(g)[0]!)).toBe('GenAI');
    expect(
      ns(stdoutTranslator().lines(g, { 'service.name': 'bot', 'service.namespace': 'shop' })[0]!),
    ).toBe('shop/bot');
    expect(ns(stdoutTranslator().lines(g, {})[0]!)).toBe('default');
  });

  it('resource_to_telemetry_conversion makes resource attributes dimensions (point attributes win)', () => {
    const out = lines([gauge('g', '', [point(1, { region: 'eu' })])], {
      resource_to_telemetry_conversion: { enabled: true },
      dimension_rollup_option: 'NoDimensionRollup',
    });
    expect(JSON.parse(out[0]!)).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Dimensions: [['region', 'service.name']] }] },
      region: 'eu',
      'service.name': 'checkout-bot',
    });
  });

  it('metric_descriptors set a unit where there is none, or overwrite one', () => {
    const out = lines(
      [gauge('a', '', [point(1)]), gauge('b', 's', [point(2)]), gauge('c', 's', [point(3)])],
      {
        metric_descriptors: [
          { metric_name: 'a', unit: 'Percent' },
          { metric_name: 'b', unit: 'Milliseconds' },
          { metric_name: 'c', unit: 'Milliseconds', overwrite: true },
        ],
      },
    );
    expect(JSON.parse(out[0]!)._aws.CloudWatchMetrics[0].Metrics).toEqual([
      { Name: 'a', Unit: 'Percent' },
      { Name: 'b', Unit: 'Seconds' },
      { Name: 'c', Unit: 'Milliseconds' },
    ]);
  });

  it('converts nanoseconds to microseconds', () => {
    const out = lines([
      gauge('t', 'ns', [point(2500)]),
      histogram('h', 'ns', [point(observe([1000], [500, 1500]))]),
    ]);
    expect(JSON.parse(out[0]!)).toMatchObject({
      t: 2.5,
      h: { Min: 0.5, Max: 1.5, Sum: 2, Count: 2 },
    });
  });

  it('agent destination: LogGroupName / LogStreamName in _aws, placeholders from the resource', () => {
    const out = stdoutTranslator({
      output_destination: 'agent',
      log_group_name: '/aws/genai/{ServiceName}',
      log_stream_name: '{TaskId}',
    }).lines([gauge('g', '', [point(1)])], { 'service.name': 'bot', 'aws.ecs.task.id': 't-1' });
    expect(JSON.parse(out[0]!)._aws).toEqual({
      Timestamp: T0,
      CloudWatchMetrics: [
        { Namespace: 'bot', Dimensions: [[]], Metrics: [{ Name: 'g', Unit: 'None' }] },
      ],
      LogGroupName: '/aws/genai/bot',
      LogStreamName: 't-1',
    });
  });

  it('drops what CloudWatch cannot take, once per cause', () => {
    const t = stdoutTranslator({ dimension_rollup_option: 'NoDimensionRollup' });
    const out = t.lines([
      gauge('   ', '', [point(1)]),
      gauge('nan', '', [point(Number.NaN), point(Number.POSITIVE_INFINITY)]),
      gauge('k', '', [point(1, { k: 'v' })]),
      gauge('ok', '', [point(1, { blank: ' ', k: 'v', list: ['a', 'b'] as unknown as string })]),
    ]);
    expect(out).toEqual([
      `${head('[["k","list"]]', '[{"Name":"ok","Unit":"None"}]')},"k":"v","list":"[\\"a\\",\\"b\\"]","ok":1}`,
    ]);
    expect(t.log.lines).toEqual([
      'warn: metric "   " has no usable CloudWatch name; not sent',
      'warn: metric nan has a non-finite value; such points are not sent',
      'warn: metric k has a label of the same name; its points are not sent',
      'warn: attribute "blank" is not used as a dimension: its value is blank',
    ]);
  });
});
