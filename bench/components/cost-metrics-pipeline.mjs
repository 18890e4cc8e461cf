// Issue 3: genai_cost + genai_metrics cost under 2 µs per span, and nothing allocated per span
// outlives it. Spans per second through genai_cost + genai_metrics + a no-op exporter, against
// the same pipeline with neither. Reports, per span: the time the two add on the app's path (span
// end), the time they add in all (metric collections included, amortised: the verdict), the bytes
// they allocate (all short-lived), and the heap growth over a long run (what outlives the spans).
//   node --expose-gc bench/components/cost-metrics-pipeline.mjs [--quick] [--json] [--spans=N]
//        [--rounds=K] [--scrape-every=N] [--clock=cpu|wall]
// (from the repo root, after a build; `npm run bench -- --only=cost-metrics-pipeline` builds and
// runs it). --spans: per round (default 300,000); --rounds: default 7; --scrape-every: spans
// between two metric collections (default 20,000).
import { PerformanceObserver } from 'node:perf_hooks';
import { GenAIMetricsConnector } from '@genai-otel/connector-genai-metrics';
import {
  BUILTIN_PRICING_DIR,
  CostSpanProcessor,
  PricingTable,
  readPricingFiles,
} from '@genai-otel/processor-cost';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { nsClock } from '../lib/clock.mjs';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { PullReader } from '../lib/pull-reader.mjs';
import { median } from '../lib/stats.mjs';

const args = componentArgs({
  spans: { type: 'string' },
  rounds: { type: 'string' },
  'scrape-every': { type: 'string' },
  clock: { type: 'string', default: 'cpu' },
});
const SPANS = sized(args.spans, 300_000, 60_000, args.quick);
const ROUNDS = sized(args.rounds, 7, 3, args.quick);
const SCRAPE_EVERY = sized(args['scrape-every'], 20_000, 20_000, args.quick);
const TARGET_NS = 2000;
// Retained bytes per span: a leak of even one small object per span (≥ 16 B) shows far above it,
// heap noise over a long run far below it.
const TARGET_RETAINED_BYTES = 1;
const bench = startComponent('cost-metrics-pipeline', args);
// The process's CPU time, not the wall clock: on a machine shared with other jobs, time spent
// descheduled is not ours (--clock=wall for the wall clock).
const WALL = args.clock === 'wall';
const clock = nsClock(WALL);

/** The exporter end of the pipeline: takes the span, does nothing (a no-op exporter). */
function sink() {
  const s = {
    count: 0,
    onStart() {},
    onEnd() {
      s.count++;
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  return s;
}

/** As the sdk builds it: the connector's producer collected with a (Prometheus-like) pull reader. */
function pipeline(withGenAI) {
  const out = sink();
  const processors = [];
  let reader;
  if (withGenAI) {
    const table = new PricingTable(readPricingFiles(BUILTIN_PRICING_DIR));
    const connector = new GenAIMetricsConnector();
    reader = new PullReader({ metricProducers: [connector.createMetricProducer()] });
    new MeterProvider({ readers: [reader] });
    processors.push(new CostSpanProcessor({ table }), connector.spanProcessor);
  }
  processors.push(out);
  const provider = new TracerProvider({ spanProcessors: processors });
  return { tracer: provider.getTracer('bench'), out, reader };
}

// A chat call as the openai instrumentation records it (two models, so lookups vary).
const MODELS = ['gpt-4o-mini', 'claude-sonnet-4-5'];
const PROVIDERS = [GEN_AI_PROVIDER.OPENAI, GEN_AI_PROVIDER.ANTHROPIC];
const chat = MODELS.map((model, i) => ({
  name: genAISpanName(GEN_AI_OPERATION.CHAT, model),
  attributes: {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
    [ATTR_GEN_AI_PROVIDER_NAME]: PROVIDERS[i],
    [ATTR_GEN_AI_REQUEST_MODEL]: model,
    [ATTR_GEN_AI_RESPONSE_MODEL]: `${model}-2024-07-18`,
    [ATTR_SERVER_ADDRESS]: 'api.example.com',
    [ATTR_SERVER_PORT]: 443,
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1200,
    [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1024,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 300,
  },
}));
// An HTTP server span (the OTel HTTP conventions; nothing genai-otel emits).
const httpSpan = {
  name: 'GET /health',
  attributes: {
    'http.request.method': 'GET',
    'url.path': '/health',
    'http.response.status_code': 200,
  },
};

const startEnd = (tracer, span) =>
  tracer.startSpan(span.name, { attributes: span.attributes }).end();

/** ns per span for `n` spans, with a metrics collection every SCRAPE_EVERY spans (all the work). */
async function total(p, spans, n) {
  const { tracer } = p;
  let ns = 0;
  for (let done = 0; done < n; ) {
    const burst = Math.min(SCRAPE_EVERY, n - done);
    const start = clock();
    for (let i = 0; i < burst; i++) startEnd(tracer, spans[i & 1]);
    await p.reader?.collect();
    ns += clock() - start;
    done += burst;
  }
  return ns / n;
}

/** ns per span on the app's path only: span ends timed, collections in between not. */
async function appPath(p, spans, n) {
  const { tracer } = p;
  let ns = 0;
  for (let done = 0; done < n; ) {
    const burst = Math.min(SCRAPE_EVERY, n - done);
    const start = clock();
    for (let i = 0; i < burst; i++) startEnd(tracer, spans[i & 1]);
    ns += clock() - start;
    await p.reader?.collect();
    done += burst;
  }
  return ns / n;
}

/** Rounds alternate between the two pipelines, so that a neighbour's load hits both alike. */
async function compare(label, spans) {
  const base = pipeline(false);
  const genai = pipeline(true);
  for (const p of [base, genai]) await total(p, spans, SPANS); // warm-up: JIT, caches
  const t = { base: [], genai: [] };
  const a = { base: [], genai: [] };
  for (let r = 0; r < ROUNDS; r++) {
    t.base.push(await total(base, spans, SPANS));
    t.genai.push(await total(genai, spans, SPANS));
    a.base.push(await appPath(base, spans, SPANS));
    a.genai.push(await appPath(genai, spans, SPANS));
  }
  const nsBase = median(t.base);
  const nsGenai = median(t.genai);
  // Per round: the difference of the pair, whose median is steadier than a difference of medians.
  const addedTotal = median(t.genai.map((g, i) => g - t.base[i]));
  const addedPath = median(a.genai.map((g, i) => g - a.base[i]));
  const kps = (ns) =>
    `${(1e9 / ns / 1e3).toFixed(0).padStart(4)}k spans/s${WALL ? '' : ' per core'}`;
  bench.say(
    `${label.padEnd(16)} without: ${kps(nsBase)} (${nsBase.toFixed(0)} ns)   with genai_cost+genai_metrics: ${kps(nsGenai)} (${nsGenai.toFixed(0)} ns)`,
  );
  bench.say(
    `${''.padEnd(16)} added per span: ${addedPath.toFixed(0)} ns on the app's path, ${addedTotal.toFixed(0)} ns in all (a collection every ${SCRAPE_EVERY.toLocaleString('en')} spans)`,
  );
  return {
    base,
    genai,
    figures: {
      nsPerSpanWithout: nsBase,
      nsPerSpanWith: nsGenai,
      spansPerSecondWithout: 1e9 / nsBase,
      spansPerSecondWith: 1e9 / nsGenai,
      addedNsAppPath: addedPath,
      addedNsInAll: addedTotal,
    },
  };
}

/** Bytes allocated per span (median of bursts during which no GC ran). */
async function allocated(p, spans, burst = 200, samples = 60) {
  let gcs = 0;
  const obs = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  obs.observe({ entryTypes: ['gc'] });
  const out = [];
  for (let tries = 0; out.length < samples && tries < samples * 10; tries++) {
    await p.reader?.collect();
    globalThis.gc();
    // GC entries are delivered on a timer turn, not before.
    await new Promise((resolve) => setTimeout(resolve, 1));
    const before = gcs;
    const heap0 = process.memoryUsage().heapUsed;
    for (let i = 0; i < burst; i++) startEnd(p.tracer, spans[i & 1]);
    const heap1 = process.memoryUsage().heapUsed;
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (gcs === before) out.push((heap1 - heap0) / burst);
  }
  obs.disconnect();
  return median(out);
}

bench.say(
  `node ${process.version}, ${SPANS.toLocaleString('en')} spans × ${ROUNDS} rounds per pipeline (medians), ${WALL ? 'wall-clock' : 'process CPU'} time`,
);
const llm = await compare('LLM chat spans', chat);
const other = await compare('non-GenAI spans', [httpSpan, httpSpan]);
const figures = {
  spans: SPANS,
  rounds: ROUNDS,
  scrapeEvery: SCRAPE_EVERY,
  clock: WALL ? 'wall' : 'cpu',
  llm: llm.figures,
  nonGenAI: other.figures,
};

// Collection cost: one reader's collect over the LLM pipeline's series.
{
  const p = llm.genai;
  const n = args.quick ? 500 : 2000;
  const start = clock();
  for (let i = 0; i < n; i++) await p.reader.collect();
  const us = (clock() - start) / n / 1000;
  const { resourceMetrics } = await p.reader.collect();
  const points = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .reduce((k, m) => k + m.dataPoints.length, 0);
  figures.collection = { us, points };
  bench.say(
    `one collection: ${us.toFixed(1)} µs for ${points} data points (bounded by models × token types, not by spans)`,
  );
}

let retainedPerSpan = null;
if (typeof globalThis.gc !== 'function') {
  bench.say('allocation and heap checks skipped: run with node --expose-gc');
} else {
  // Short-lived allocation: the difference between the pipelines is what the two processors
  // allocate per span, the attributes genai_cost adds to the span included (they die with it).
  const bytesBase = await allocated(llm.base, chat);
  const bytesGenai = await allocated(llm.genai, chat);
  figures.allocatedBytesPerSpan = { without: bytesBase, with: bytesGenai };
  bench.say(
    `allocated per LLM span: ${bytesBase.toFixed(0)} B without, ${bytesGenai.toFixed(0)} B with (+${(bytesGenai - bytesBase).toFixed(0)} B, all short-lived)`,
  );
  // Nothing per span may outlive it: after warm-up, a long run must not grow the heap.
  const p = llm.genai;
  await total(p, chat, SPANS);
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const n = SPANS * 5;
  await total(p, chat, n);
  globalThis.gc();
  const grew = process.memoryUsage().heapUsed - before;
  retainedPerSpan = Math.max(0, grew) / n;
  figures.heapGrowth = { spans: n, bytes: grew };
  bench.say(
    `heap after ${n.toLocaleString('en')} more spans: ${grew >= 0 ? '+' : ''}${(grew / 1024).toFixed(0)} KiB (${((grew / n) * 1000).toFixed(2)} bytes per 1000 spans)`,
  );
}

const clockName = WALL ? 'wall clock' : 'CPU time';
bench.finish({
  title: 'genai_cost + genai_metrics per span',
  targets: [
    {
      id: 'added-per-llm-span',
      what: `genai_cost + genai_metrics, added per LLM span (collections included), ${clockName}`,
      compare: '<',
      target: TARGET_NS / 1000,
      unit: 'µs',
      measured: llm.figures.addedNsInAll / 1000,
    },
    {
      id: 'retained-per-span',
      what: `heap retained per span, over ${(SPANS * 5).toLocaleString('en')} spans after warm-up`,
      compare: '<',
      target: TARGET_RETAINED_BYTES,
      unit: 'B',
      measured: retainedPerSpan,
      ...(retainedPerSpan === null ? { note: 'needs node --expose-gc' } : {}),
    },
    {
      id: 'added-per-other-span',
      what: `genai_cost + genai_metrics, added per non-GenAI span, ${clockName}`,
      compare: null,
      target: null,
      unit: 'µs',
      measured: other.figures.addedNsInAll / 1000,
    },
  ],
  figures,
});
