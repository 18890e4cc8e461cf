// Issue 6: EMF serialisation throughput ≥ 200,000 points/s on one core. OTel data points → EMF
// JSON lines (translate + group + JSON), for the metrics the genai_metrics connector produces.
//
//   node bench/components/emf-serialize.mjs [--quick] [--json] [--seconds=S]
// (from the repo root, after a build; `npm run bench -- --only=emf-serialize` builds and runs it)
//
// Each collection holds SERIES label sets × (2 histograms + 2 counters), as genai_metrics records
// them per model / operation / token type; it is translated over and over for S seconds per
// variant (default 3, quick 1) and the best of 3 rounds is reported, per wall-clock second and per
// CPU-second of the process; the verdict is on the slowest variant's CPU-time figure.

import { createDefaultConfig, createTranslator } from '@genai-otel/exporter-cloudwatch-emf';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVICE_NAME,
  ATTR_TENANT_ID,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GEN_AI_ERRORS,
} from '@genai-otel/semantic-conventions';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import { componentArgs, startComponent } from '../lib/component-io.mjs';

const args = componentArgs({ seconds: { type: 'string' } });
const SECONDS = args.seconds === undefined ? (args.quick ? 1 : 3) : Number(args.seconds);
const bench = startComponent('emf-serialize', args);
let SECONDS_OVERRIDE = SECONDS;
const SERIES = 500;
const TARGET_POINTS_PER_S = 200_000;
const DURATION = METRIC_GEN_AI_CLIENT_OPERATION_DURATION;
const TOKENS = METRIC_GEN_AI_CLIENT_TOKEN_USAGE;
const COST = METRIC_GEN_AI_CLIENT_COST;
const ERRORS = METRIC_GEN_AI_ERRORS;

const log = { info() {}, warn() {}, error() {}, once() {} };

function histogram(boundaries, values) {
  const counts = new Array(boundaries.length + 1).fill(0);
  for (const v of values) {
    const i = boundaries.findIndex((b) => v <= b);
    counts[i < 0 ? boundaries.length : i]++;
  }
  return {
    buckets: { boundaries, counts },
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

function collection(temporality, end) {
  const t = [Math.floor(end / 1000), (end % 1000) * 1e6];
  const start = [t[0] - 60, t[1]];
  const models = ['gpt-4o', 'gpt-4o-mini', 'o4-mini', 'claude-sonnet-4', 'text-embedding-3-small'];
  const attrs = Array.from({ length: SERIES }, (_, i) => ({
    [ATTR_GEN_AI_OPERATION_NAME]: i % 3 === 0 ? GEN_AI_OPERATION.EMBEDDINGS : GEN_AI_OPERATION.CHAT,
    [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
    [ATTR_GEN_AI_REQUEST_MODEL]: models[i % models.length],
    [ATTR_SERVICE_NAME]: 'checkout-bot',
    [ATTR_TENANT_ID]: `tenant-${i}`,
  }));
  // A fresh attributes object per point, as the SDK hands over: no cache keyed on identity helps.
  const dp = (value, a) => ({ startTime: start, endTime: t, attributes: { ...a }, value });
  const metric = (name, unit, type, points, extra = {}) => ({
    descriptor: { name, unit, description: '', valueType: 1 },
    aggregationTemporality: temporality,
    dataPointType: type,
    dataPoints: points,
    ...extra,
  });
  const k = end / 1000;
  return {
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'checkout-bot' }),
    scopeMetrics: [
      {
        scope: { name: 'genai-otel' },
        metrics: [
          metric(
            DURATION.name,
            DURATION.unit,
            DataPointType.HISTOGRAM,
            attrs.map((a, i) =>
              dp(histogram(DURATION.buckets, [0.3 + (i % 7) * 0.1, 1.2, 2.5 + (k % 3)]), a),
            ),
          ),
          metric(
            TOKENS.name,
            TOKENS.unit,
            DataPointType.HISTOGRAM,
            attrs.map((a, i) => dp(histogram(TOKENS.buckets, [120 + i, 900, 4000 + k]), a)),
          ),
          metric(
            COST.name,
            COST.unit,
            DataPointType.SUM,
            attrs.map((a, i) => dp(0.0021 * (i + 1) * k, a)),
            { isMonotonic: true },
          ),
          metric(
            ERRORS.name,
            ERRORS.unit,
            DataPointType.SUM,
            attrs.map((a, i) => dp((i % 5) * k, a)),
            { isMonotonic: true },
          ),
        ],
      },
    ],
  };
}

const POINTS = SERIES * 4;

function run(label, config, temporality) {
  const translator = createTranslator(
    { ...createDefaultConfig(), output_destination: 'stdout', ...config },
    log,
  );
  // Pre-built collections (building them is not what is measured); cumulative ones grow over time.
  const inputs = Array.from({ length: 16 }, (_, i) =>
    collection(temporality, 1_767_225_600_000 + (i + 1) * 60_000),
  );
  let best = 0;
  let bestCpu = 0;
  let events = 0;
  let bytes = 0;
  for (let round = 0; round < 3; round++) {
    let points = 0;
    let i = 0;
    const cpuStart = process.cpuUsage();
    const startNs = process.hrtime.bigint();
    const deadline = startNs + BigInt(Math.round((SECONDS_OVERRIDE * 1e9) / 3));
    let now = startNs;
    while (now < deadline) {
      const out = translator.translate(inputs[i++ % inputs.length]);
      points += POINTS;
      if (round === 0 && i === 1) {
        events = out.length;
        bytes = out.reduce((n, e) => n + Buffer.byteLength(e.message), 0);
      }
      now = process.hrtime.bigint();
    }
    const rate = points / (Number(now - startNs) / 1e9);
    if (rate > best) best = rate;
    // The process's CPU time (all its threads, GC included): on a busy machine wall time counts
    // the time other processes held the core, CPU time does not.
    const cpu = process.cpuUsage(cpuStart);
    const cpuRate = points / ((cpu.user + cpu.system) / 1e6);
    if (cpuRate > bestCpu) bestCpu = cpuRate;
  }
  return {
    variant: label,
    points_per_s: Math.round(best),
    points_per_cpu_s: Math.round(bestCpu),
    events_per_collection: events,
    bytes_per_event: Math.round(bytes / events),
  };
}

const exactly = (name) => `^${name.replaceAll('.', '\\.')}$`;
const DECLARATIONS = [
  {
    dimensions: [[ATTR_SERVICE_NAME], [ATTR_SERVICE_NAME, ATTR_GEN_AI_REQUEST_MODEL]],
    metric_name_selectors: [DURATION, TOKENS, COST].map((m) => exactly(m.name)),
  },
  {
    dimensions: [[ATTR_SERVICE_NAME], [ATTR_ERROR_TYPE, ATTR_SERVICE_NAME]],
    metric_name_selectors: [exactly(ERRORS.name)],
  },
];
const { DELTA, CUMULATIVE } = AggregationTemporality;
const VARIANTS = [
  ['delta, statistic sets, ZeroAndSingle roll-up', {}, DELTA],
  ['delta, Values/Counts (detailed_metrics)', { detailed_metrics: true }, DELTA],
  [
    'cumulative → delta, NoDimensionRollup',
    { dimension_rollup_option: 'NoDimensionRollup' },
    CUMULATIVE,
  ],
  [
    'delta, metric_declarations (cloudwatch.yaml)',
    {
      dimension_rollup_option: 'NoDimensionRollup',
      detailed_metrics: true,
      metric_declarations: DECLARATIONS,
    },
    DELTA,
  ],
];

// Warm-up: every variant once, so the first measured one is not paying for the JIT.
const measured = SECONDS;
SECONDS_OVERRIDE = Math.min(0.6, SECONDS);
for (const v of VARIANTS) run(...v);
SECONDS_OVERRIDE = measured;
const results = VARIANTS.map((v) => run(...v));

const width = Math.max(...results.map((r) => r.variant.length));
bench.say(
  `EMF serialisation, ${POINTS} points per collection, best of 3 × ${(SECONDS / 3).toFixed(2)} s, node ${process.version}`,
);
for (const r of results) {
  bench.say(
    `${r.variant.padEnd(width)}  ${r.points_per_s.toLocaleString('en-US').padStart(10)} points/s  ${r.points_per_cpu_s.toLocaleString('en-US').padStart(10)} points/CPU-s  ${String(r.events_per_collection).padStart(5)} events/collection  ${String(r.bytes_per_event).padStart(4)} B/event`,
  );
}
// The verdict is on CPU time (the target is "on one core"); wall time is the same on an idle
// machine and lower on a busy one, so it is shown beside it.
const slowest = results.reduce((a, b) => (b.points_per_cpu_s < a.points_per_cpu_s ? b : a));
bench.finish({
  title: 'EMF serialisation',
  targets: [
    {
      id: 'points-per-second',
      what: 'points → EMF lines, one core, slowest of 4 variants, CPU time',
      compare: '>=',
      target: TARGET_POINTS_PER_S,
      unit: 'points/s',
      measured: slowest.points_per_cpu_s,
      note: `slowest: ${slowest.variant}; wall clock ${slowest.points_per_s.toLocaleString('en-US')}/s`,
    },
  ],
  figures: { seconds: SECONDS, pointsPerCollection: POINTS, results },
});
