// Issue 15: roll-ups and config metrics add at most 1 µs per span to the cost/metrics pipeline.
// The cost-metrics-pipeline bench's pipeline (genai_cost + genai_metrics) is the baseline; the
// measured one adds genai_rollup, genai_budget (three budgets) and the span-metrics connectors of
// collector-config/business-metrics.yaml (a conversation count, three per-request histograms, one
// tool count), all on the same TracerProvider. Spans come as conversation turns: an agent root
// and three chat calls under it (1,000 conversations in turn, so the roll-up's and the budget's
// maps hold many ids). Reported per span: the time added in all (collections included).
//   node --expose-gc bench/components/rollups-config-metrics.mjs [--quick] [--json] [--turns=N]
//        [--rounds=K] [--clock=cpu|wall] [--parts=rollup,budget,connectors] (a subset: each one's share)
import { GenAIMetricsConnector } from '@genai-otel/connector-genai-metrics';
import {
  countConnectorFactory,
  histogramConnectorFactory,
} from '@genai-otel/connector-span-metrics';
import { BudgetSpanProcessor } from '@genai-otel/processor-budget';
import {
  BUILTIN_PRICING_DIR,
  CostSpanProcessor,
  PricingTable,
  readPricingFiles,
} from '@genai-otel/processor-cost';
import { RollupSpanProcessor } from '@genai-otel/processor-rollup';
import { context, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { nsClock } from '../lib/clock.mjs';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { PullReader } from '../lib/pull-reader.mjs';
import { median } from '../lib/stats.mjs';

const args = componentArgs({
  turns: { type: 'string' },
  rounds: { type: 'string' },
  clock: { type: 'string', default: 'cpu' },
  parts: { type: 'string', default: 'rollup,connectors' },
});
const TURNS = sized(args.turns, 75_000, 15_000, args.quick); // × 4 spans
const ROUNDS = sized(args.rounds, 7, 3, args.quick);
const SCRAPE_EVERY_TURNS = 5_000; // 20,000 spans, as cost-metrics-pipeline
const TARGET_NS = 1000;
const bench = startComponent('rollups-config-metrics', args);
const WALL = args.clock === 'wall';
const clock = nsClock(WALL);

const log = { info() {}, warn() {}, error() {}, once() {} };
const ctx = { id: 'bench', log, env: {} };
const noopSink = {
  onStart() {},
  onEnd() {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/** The span-metrics connectors of collector-config/business-metrics.yaml (per request, per conversation). */
function businessConnectors() {
  const rooted = ['attributes["gen_ai.rollup.spans"] != nil'];
  return [
    countConnectorFactory.create(
      {
        spans: {
          'genai.conversations': {
            conditions: ['attributes["gen_ai.rollup.conversation.first_turn"] == true'],
          },
          'scheduling.appointments.created': {
            conditions: [
              'attributes["gen_ai.tool.name"] == "create_appointment" and status.code != STATUS_CODE_ERROR',
            ],
          },
        },
        cardinality_limit: 2000,
      },
      ctx,
    ),
    histogramConnectorFactory.create(
      {
        spans: {
          'genai.request.cost': {
            conditions: rooted,
            source_attribute: 'gen_ai.rollup.cost.amount',
            unit: 'USD',
            buckets: [0.001, 0.01, 0.1, 1],
          },
          'genai.request.input_tokens': {
            conditions: rooted,
            source_attribute: 'gen_ai.rollup.usage.input_tokens',
            buckets: [100, 1000, 10000],
          },
          'genai.request.llm_calls': {
            conditions: rooted,
            source_attribute: 'gen_ai.rollup.llm_calls',
            buckets: [1, 2, 4, 8],
          },
        },
        cardinality_limit: 2000,
      },
      ctx,
    ),
  ];
}

function pipeline(full) {
  const table = new PricingTable(readPricingFiles(BUILTIN_PRICING_DIR));
  const genai = new GenAIMetricsConnector();
  const only = args.parts;
  const connectors = [genai, ...(full && only.includes('connectors') ? businessConnectors() : [])];
  const reader = new PullReader({
    metricProducers: connectors.map((c) => c.createMetricProducer({})),
  });
  new MeterProvider({ readers: [reader] });
  const processors = [new CostSpanProcessor({ table })];
  if (full && only.includes('rollup'))
    processors.push(
      new RollupSpanProcessor({
        maxSpans: 100_000,
        maxPendingTraces: 10_000,
        maxConversations: 100_000,
        log,
      }),
    );
  if (full && only.includes('budget'))
    processors.push(
      new BudgetSpanProcessor({
        budgets: [
          { name: 'conversation', scope: 'conversation', limit: 0.5 },
          { name: 'user', scope: 'user', limit: 5, windowMs: 86_400_000 },
          { name: 'hourly', scope: 'service', limit: 1e9, windowMs: 3_600_000 },
        ],
        maxEntries: 10_000,
        idleTtlMs: 86_400_000,
        log,
      }),
    );
  processors.push(...connectors.map((c) => c.spanProcessor), noopSink);
  const provider = new TracerProvider({ spanProcessors: processors });
  return { tracer: provider.getTracer('bench'), reader };
}

// Chat calls as in cost-metrics-pipeline: two models and providers, usage with cached tokens.
const chats = [
  ['gpt-4o-mini', 'openai'],
  ['claude-sonnet-4-5', 'anthropic'],
].map(([model, provider]) => ({
  name: `chat ${model}`,
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': provider,
    'gen_ai.request.model': model,
    'gen_ai.response.model': `${model}-2024-07-18`,
    'server.address': 'api.example.com',
    'server.port': 443,
    'gen_ai.usage.input_tokens': 1200,
    'gen_ai.usage.cache_read.input_tokens': 1024,
    'gen_ai.usage.output_tokens': 300,
  },
}));
const conversations = Array.from({ length: 1000 }, (_, i) => ({
  'gen_ai.operation.name': 'invoke_agent',
  'gen_ai.agent.name': 'scheduler',
  'gen_ai.conversation.id': `conv-${i}`,
  'user.id': `user-${i % 100}`,
}));

/** One conversation turn: an agent root and three chat calls under it (4 spans). */
function turn(tracer, i) {
  const root = tracer.startSpan('invoke_agent scheduler', { attributes: conversations[i % 1000] });
  const parent = trace.setSpan(context.active(), root);
  for (let k = 0; k < 3; k++) {
    const c = chats[(i + k) & 1];
    tracer.startSpan(c.name, { attributes: c.attributes }, parent).end();
  }
  root.end();
}

async function perSpan(p, turns) {
  let ns = 0;
  for (let done = 0; done < turns; ) {
    const burst = Math.min(SCRAPE_EVERY_TURNS, turns - done);
    const start = clock();
    for (let i = 0; i < burst; i++) turn(p.tracer, done + i);
    await p.reader.collect();
    ns += clock() - start;
    done += burst;
  }
  return ns / (turns * 4);
}

bench.say(
  `node ${process.version}, ${TURNS.toLocaleString('en')} turns (×4 spans) × ${ROUNDS} rounds per pipeline (medians), ${WALL ? 'wall-clock' : 'process CPU'} time`,
);
const base = pipeline(false);
const full = pipeline(true);
for (const p of [base, full]) await perSpan(p, TURNS); // warm-up
const b = [];
const f = [];
for (let r = 0; r < ROUNDS; r++) {
  b.push(await perSpan(base, TURNS));
  f.push(await perSpan(full, TURNS));
}
const added = median(f.map((x, i) => x - b[i]));
// What the measured pipeline adds, as the --parts chosen say.
const PARTS = [
  args.parts.includes('rollup') && 'genai_rollup',
  args.parts.includes('budget') && 'genai_budget',
  args.parts.includes('connectors') && 'business-metrics count/histogram',
].filter(Boolean);
const kps = (ns) => `${(1e9 / ns / 1e3).toFixed(0)}k spans/s`;
bench.say(
  `genai_cost + genai_metrics: ${kps(median(b))} (${median(b).toFixed(0)} ns/span)   + ${PARTS.join(', ')}: ${kps(median(f))} (${median(f).toFixed(0)} ns/span)`,
);
bench.say(
  `added per span: ${added.toFixed(0)} ns (collections every ${(SCRAPE_EVERY_TURNS * 4).toLocaleString('en')} spans included)`,
);

bench.finish({
  title: 'genai_rollup + genai_budget + count/histogram connectors per span',
  targets: [
    {
      id: 'added-per-span',
      what: `${PARTS.join(' + ')}, added per span of a turn (agent + 3 chats), ${WALL ? 'wall clock' : 'CPU time'}`,
      compare: '<=',
      target: TARGET_NS / 1000,
      unit: 'µs',
      measured: added / 1000,
    },
  ],
  figures: {
    turns: TURNS,
    rounds: ROUNDS,
    nsPerSpanBase: median(b),
    nsPerSpanFull: median(f),
    addedNs: added,
  },
});
