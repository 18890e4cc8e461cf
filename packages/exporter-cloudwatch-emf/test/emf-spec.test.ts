/**
 * Every event the exporter emits is valid EMF (test/emf.schema.json, from the specification) and
 * is what aws-embedded-metrics — AWS's own EMF library — writes for the same values.
 */
import { type AddressInfo, createServer, type Socket } from 'node:net';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVICE_NAME,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@genai-otel/semantic-conventions';
import { AggregationTemporality, type MetricData } from '@opentelemetry/sdk-metrics';
import { AgentSink, Configuration, LocalSink, MetricsLogger, Unit } from 'aws-embedded-metrics';
import { describe, expect, it } from 'vitest';
import type { AwsEmfExporterConfig } from '../src/config.js';
import { emfErrors } from './support/emf-validator.js';
import { expHistogram, gauge, histogram, observe, point, sum } from './support/metrics.js';
import { stdoutTranslator } from './support/translator.js';

const NOW = Date.now();

/** What the exporter writes for `metrics` (stdout destination). */
const ours = (
  metrics: MetricData[],
  config: Partial<AwsEmfExporterConfig> = {},
  resource?: Record<string, string>,
) => stdoutTranslator(config).lines(metrics, resource);

interface Put {
  name: string;
  value: number;
  unit: Unit;
}

/** What aws-embedded-metrics prints (its LocalSink / Lambda path) for the same values. */
async function theirs(
  namespace: string,
  dimensionSets: Record<string, string>[],
  puts: Put[],
  timestamp: number,
): Promise<string[]> {
  const printed: string[] = [];
  const sink = new LocalSink();
  (sink as unknown as { console: { log(line: string): void } }).console = {
    log: (l) => printed.push(l),
  };
  const logger = await loggerWith(sink);
  logger.setNamespace(namespace);
  logger.setDimensions(dimensionSets, false);
  logger.setTimestamp(timestamp);
  for (const p of puts) logger.putMetric(p.name, p.value, p.unit);
  await logger.flush();
  return printed;
}

async function loggerWith(sink: unknown): Promise<MetricsLogger> {
  const environment = {
    probe: async () => true,
    getName: () => 'test',
    getType: () => 'test',
    getLogGroupName: () => 'test',
    configureContext: () => {},
    getSink: () => sink,
  };
  return new MetricsLogger(async () => environment as never);
}

/** Structural equality of EMF documents: member order and the order of `Metrics` aside. */
function normalize(line: string) {
  const doc = JSON.parse(line);
  for (const d of doc._aws.CloudWatchMetrics)
    d.Metrics.sort((a: { Name: string }, b: { Name: string }) => a.Name.localeCompare(b.Name));
  return doc;
}

const MODEL_ATTRS = {
  [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
  [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
  [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
};

describe('every emitted event is valid EMF', () => {
  it('for each instrument kind, option and limit', () => {
    const d = METRIC_GEN_AI_CLIENT_OPERATION_DURATION;
    const tokens = METRIC_GEN_AI_CLIENT_TOKEN_USAGE;
    const big = Array.from({ length: 150 }, (_, i) => i + 0.5);
    const scenario: MetricData[] = [
      histogram(d.name, d.unit, [
        point(observe([...d.buckets!], [0.2, 0.9, 3.1]), MODEL_ATTRS, NOW),
      ]),
      histogram(tokens.name, tokens.unit, [
        point(
          observe([...tokens.buckets!], [12, 300]),
          { ...MODEL_ATTRS, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' },
          NOW,
        ),
      ]),
      histogram('wide', 'ms', [
        point(
          observe(
            big.map((v) => v + 0.5),
            big,
          ),
          {},
          NOW,
        ),
      ]),
      sum('requests', '{request}', [point(3, MODEL_ATTRS, NOW)]),
      sum('requests.cumulative', '{request}', [point(9, MODEL_ATTRS, NOW)], {
        temporality: AggregationTemporality.CUMULATIVE,
      }),
      sum('inflight', '{request}', [point(-2, {}, NOW)], { monotonic: false }),
      gauge(
        'queue.fill',
        '%',
        Array.from({ length: 130 }, (_, i) => point(i, {}, NOW)),
      ),
      gauge('bad name\u0007', 'By', [point(1, { ':odd': 'x', blank: '' }, NOW)]),
      expHistogram('payload', 'By', [
        point(
          {
            count: 4,
            sum: 40,
            scale: 2,
            zeroCount: 1,
            positive: { offset: 10, bucketCounts: [1, 0, 2] },
            negative: { offset: 0, bucketCounts: [] },
            min: 0,
            max: 20,
          },
          {},
          NOW,
        ),
      ]),
      ...Array.from({ length: 120 }, (_, i) =>
        gauge(`many.${i}`, '1', [point(i, MODEL_ATTRS, NOW)]),
      ),
    ];
    const many = Object.fromEntries(Array.from({ length: 35 }, (_, i) => [`attr.${i}`, `v${i}`]));
    const variants: Partial<AwsEmfExporterConfig>[] = [
      {},
      { detailed_metrics: true },
      { dimension_rollup_option: 'NoDimensionRollup' },
      {
        dimension_rollup_option: 'SingleDimensionRollupOnly',
        resource_to_telemetry_conversion: { enabled: true },
      },
      {
        output_destination: 'agent',
        log_group_name: '/genai/{ServiceName}',
        log_stream_name: 'i-{TaskId}',
      },
      {
        metric_declarations: [
          {
            dimensions: [[ATTR_GEN_AI_REQUEST_MODEL], []],
            metric_name_selectors: ['^gen_ai\\.', 'requests'],
          },
        ],
      },
    ];
    let checked = 0;
    for (const config of variants) {
      const lines = ours([...scenario, gauge('wide.labels', '', [point(1, many, NOW)])], config);
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) {
        expect({ line, errors: emfErrors(line) }).toEqual({ line, errors: [] });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it(`with OpenTelemetry's default ${ATTR_SERVICE_NAME} (unknown_service:node), log names included`, () => {
    const resource = { [ATTR_SERVICE_NAME]: 'unknown_service:node' };
    const metrics = [sum('requests', '{request}', [point(3, MODEL_ATTRS, NOW)])];
    const variants: Partial<AwsEmfExporterConfig>[] = [
      {},
      { output_destination: 'agent' },
      { output_destination: 'agent', log_group_name: '/genai/{ServiceName}' },
      { output_destination: 'agent', log_stream_name: '{ServiceName}' },
    ];
    const aws = variants.map((config) => {
      const [line] = ours(metrics, config, resource);
      expect({ line, errors: emfErrors(line!) }).toEqual({ line, errors: [] });
      const { Timestamp: _t, CloudWatchMetrics, ...names } = JSON.parse(line!)._aws;
      return { namespace: CloudWatchMetrics[0].Namespace, ...names };
    });
    expect(aws).toEqual([
      { namespace: 'unknown_service:node' },
      { namespace: 'unknown_service:node', LogGroupName: '/metrics/unknown_service_node' },
      { namespace: 'unknown_service:node', LogGroupName: '/genai/unknown_service_node' },
      {
        namespace: 'unknown_service:node',
        LogGroupName: '/metrics/unknown_service_node',
        LogStreamName: 'unknown_service_node',
      },
    ]);
  });

  it('the validator does catch what CloudWatch would refuse', () => {
    const ok = ours([sum('requests', '{request}', [point(1, { route: 'a' }, NOW)])])[0]!;
    const doc = JSON.parse(ok);
    const broken = (mutate: (d: typeof doc) => void) => {
      const copy = structuredClone(doc);
      mutate(copy);
      return emfErrors(JSON.stringify(copy));
    };
    expect(emfErrors(ok)).toEqual([]);
    expect(broken((d) => delete d.route)).not.toEqual([]);
    expect(broken((d) => (d.requests = 'three'))).not.toEqual([]);
    expect(broken((d) => (d._aws.Timestamp = '2026-01-01'))).not.toEqual([]);
    expect(broken((d) => (d._aws.CloudWatchMetrics[0].Metrics[0].Unit = 'Tokens'))).not.toEqual([]);
    expect(broken((d) => (d._aws.CloudWatchMetrics[0].Namespace = 'bad!'))).not.toEqual([]);
    expect(broken((d) => (d.requests = Array.from({ length: 101 }, () => 1)))).not.toEqual([]);
    expect(broken((d) => (d.requests = { Min: 1, Max: 1, Sum: 1, Count: 0 }))).not.toEqual([]);
    expect(
      broken(
        (d) =>
          (d._aws.CloudWatchMetrics[0].Dimensions = [
            Array.from({ length: 31 }, (_, i) => `k${i}`),
          ]),
      ),
    ).not.toEqual([]);
  });
});

describe('the same values through aws-embedded-metrics give the same documents', () => {
  it('a counter with dimension roll-ups', async () => {
    const mine = ours([sum('requests', '{request}', [point(3, MODEL_ATTRS, NOW)])], {
      namespace: 'GenAI',
    });
    const m = MODEL_ATTRS;
    const op = ATTR_GEN_AI_OPERATION_NAME;
    const provider = ATTR_GEN_AI_PROVIDER_NAME;
    const model = ATTR_GEN_AI_REQUEST_MODEL;
    const aws = await theirs(
      'GenAI',
      [
        { [op]: m[op], [provider]: m[provider], [model]: m[model] },
        {},
        { [op]: m[op] },
        { [provider]: m[provider] },
        { [model]: m[model] },
      ],
      [{ name: 'requests', value: 3, unit: Unit.Count }],
      NOW,
    );
    expect(mine.map(normalize)).toEqual(aws.map(normalize));
  });

  it('several metrics and units sharing one label set', async () => {
    const mine = ours(
      [
        gauge('latency', 'ms', [point(12.5, { route: 'chat' }, NOW)]),
        gauge('fill', '%', [point(40, { route: 'chat' }, NOW)]),
        sum('bytes', 'By', [point(2048, { route: 'chat' }, NOW)]),
        gauge('ratio', '1', [point(0.5, { route: 'chat' }, NOW)]),
      ],
      { namespace: 'GenAI', dimension_rollup_option: 'NoDimensionRollup' },
    );
    const aws = await theirs(
      'GenAI',
      [{ route: 'chat' }],
      [
        { name: 'latency', value: 12.5, unit: Unit.Milliseconds },
        { name: 'fill', value: 40, unit: Unit.Percent },
        { name: 'bytes', value: 2048, unit: Unit.Bytes },
        { name: 'ratio', value: 0.5, unit: Unit.None },
      ],
      NOW,
    );
    expect(mine.map(normalize)).toEqual(aws.map(normalize));
  });

  it('repeated values of a metric: arrays, split at 100 values', async () => {
    const values = Array.from({ length: 150 }, (_, i) => i * 1.5);
    const mine = ours(
      [
        gauge(
          'ttft',
          's',
          values.map((v) => point(v, {}, NOW)),
        ),
      ],
      { namespace: 'GenAI' },
    );
    const aws = await theirs(
      'GenAI',
      [{}],
      values.map((value) => ({ name: 'ttft', value, unit: Unit.Seconds })),
      NOW,
    );
    expect(mine).toHaveLength(2);
    expect(mine.map(normalize)).toEqual(aws.map(normalize));
  });

  it('more than 100 metrics: split into events of at most 100', async () => {
    const names = Array.from({ length: 130 }, (_, i) => `m${String(i).padStart(3, '0')}`);
    const mine = ours(
      names.map((n, i) => gauge(n, '{call}', [point(i, {}, NOW)])),
      { namespace: 'GenAI' },
    );
    const aws = await theirs(
      'GenAI',
      [{}],
      names.map((name, value) => ({ name, value, unit: Unit.Count })),
      NOW,
    );
    const summary = (lines: string[]) => ({
      sizes: lines.map((l) => JSON.parse(l)._aws.CloudWatchMetrics[0].Metrics.length).sort(),
      values: Object.fromEntries(
        lines.flatMap((l) => Object.entries(JSON.parse(l)).filter(([k]) => k !== '_aws')),
      ),
      directives: lines.map((l) => {
        const d = JSON.parse(l)._aws.CloudWatchMetrics[0];
        return {
          Namespace: d.Namespace,
          Dimensions: d.Dimensions,
          Unit: [...new Set(d.Metrics.map((x: { Unit: string }) => x.Unit))],
        };
      }),
    });
    expect(summary(mine)).toEqual(summary(aws));
  });

  it('agent mode: the same LogGroupName / LogStreamName in _aws, sent over TCP', async () => {
    const received: string[] = [];
    const sockets: Socket[] = [];
    let arrived: () => void = () => {};
    const first = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const server = createServer((socket) => {
      sockets.push(socket);
      let buf = '';
      socket.setEncoding('utf8').on('data', (c: string) => {
        buf += c;
        const parts = buf.split('\n');
        buf = parts.pop() ?? '';
        received.push(...parts);
        if (received.length > 0) arrived();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      Configuration.agentEndpoint = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const logger = await loggerWith(new AgentSink('/genai/bot', 'host-1'));
      logger.setNamespace('GenAI');
      logger.setDimensions([{ route: 'chat' }], false);
      logger.setTimestamp(NOW);
      logger.putMetric('latency', 3, Unit.Seconds);
      await logger.flush();
      await first;
      const mine = ours([gauge('latency', 's', [point(3, { route: 'chat' }, NOW)])], {
        namespace: 'GenAI',
        output_destination: 'agent',
        log_group_name: '/genai/bot',
        log_stream_name: 'host-1',
        dimension_rollup_option: 'NoDimensionRollup',
      });
      expect(received).toHaveLength(1);
      expect(mine.map(normalize)).toEqual(received.map(normalize));
    } finally {
      Configuration.agentEndpoint = undefined;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
