// EMF serialisation throughput: OTel data points → EMF JSON lines (translate + group + JSON), on
// one core, for the metrics the genai_metrics connector produces. Target: ≥ 200,000 points/s.
//
//   pnpm --filter @genai-otel/exporter-cloudwatch-emf build && node bench/serialize.bench.mjs [seconds]
//
// Each collection holds SERIES label sets × (2 histograms + 2 counters), as genai_metrics records
// them per model / operation / token type; it is translated over and over for the given time per
// variant and the best of 3 rounds is reported.
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import { createDefaultConfig } from '../dist/config.js';
import { createTranslator } from '../dist/factory.js';

const SECONDS = Number(process.argv[2] ?? 3);
let SECONDS_OVERRIDE = SECONDS;
const SERIES = 500;
const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

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
    'gen_ai.operation.name': i % 3 === 0 ? 'embeddings' : 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': models[i % models.length],
    'service.name': 'checkout-bot',
    'tenant.id': `tenant-${i}`,
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
    resource: resourceFromAttributes({ 'service.name': 'checkout-bot' }),
    scopeMetrics: [
      {
        scope: { name: 'genai-otel' },
        metrics: [
          metric(
            'gen_ai.client.operation.duration',
            's',
            DataPointType.HISTOGRAM,
            attrs.map((a, i) =>
              dp(histogram(DURATION_BUCKETS, [0.3 + (i % 7) * 0.1, 1.2, 2.5 + (k % 3)]), a),
            ),
          ),
          metric(
            'gen_ai.client.token.usage',
            '{token}',
            DataPointType.HISTOGRAM,
            attrs.map((a, i) => dp(histogram(TOKEN_BUCKETS, [120 + i, 900, 4000 + k]), a)),
          ),
          metric(
            'gen_ai.client.cost',
            '{USD}',
            DataPointType.SUM,
            attrs.map((a, i) => dp(0.0021 * (i + 1) * k, a)),
            { isMonotonic: true },
          ),
          metric(
            'gen_ai.errors',
            '{error}',
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
  let events = 0;
  let bytes = 0;
  for (let round = 0; round < 3; round++) {
    let points = 0;
    let i = 0;
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
  }
  return {
    variant: label,
    points_per_s: Math.round(best),
    events_per_collection: events,
    bytes_per_event: Math.round(bytes / events),
  };
}

const DECLARATIONS = [
  {
    dimensions: [['service.name'], ['service.name', 'gen_ai.request.model']],
    metric_name_selectors: ['^gen_ai\\.client\\.'],
  },
  {
    dimensions: [['service.name'], ['error.type', 'service.name']],
    metric_name_selectors: ['^gen_ai\\.errors$'],
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
process.stdout.write(
  `EMF serialisation, ${POINTS} points per collection, best of 3 × ${(SECONDS / 3).toFixed(2)} s, node ${process.version}\n`,
);
for (const r of results) {
  process.stdout.write(
    `${r.variant.padEnd(width)}  ${r.points_per_s.toLocaleString('en-US').padStart(10)} points/s  ${String(r.events_per_collection).padStart(5)} events/collection  ${String(r.bytes_per_event).padStart(4)} B/event\n`,
  );
}
const slowest = Math.min(...results.map((r) => r.points_per_s));
process.stdout.write(
  `${JSON.stringify({ bench: 'emf-serialize', target_points_per_s: 200_000, slowest_points_per_s: slowest, results })}\n`,
);
