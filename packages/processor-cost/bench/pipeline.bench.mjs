// Spans per second through genai_cost + genai_metrics + a no-op exporter, against the same
// pipeline with neither. Reports, per span: the time the two add on the app's path (span end),
// the time they add in all (metric collections included, amortised), the bytes they allocate
// (all short-lived), and the heap growth over a long run (what outlives the spans: nothing).
//   pnpm --filter @genai-otel/processor-cost bench      (node --expose-gc; build first)
// Env: BENCH_SPANS (default 300000 per round), BENCH_ROUNDS (default 7),
//      BENCH_SCRAPE_EVERY (spans between two metric collections in the "in all" run, default 20000).
import { PerformanceObserver } from 'node:perf_hooks';
import { GenAIMetricsConnector } from '@genai-otel/connector-genai-metrics';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import {
  BUILTIN_PRICING_DIR,
  CostSpanProcessor,
  PricingTable,
  readPricingFiles,
} from '../dist/index.js';

const SPANS = Number(process.env.BENCH_SPANS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SCRAPE_EVERY = Number(process.env.BENCH_SCRAPE_EVERY ?? 20_000);
// The process's CPU time, not the wall clock: on a machine shared with other jobs, time spent
// descheduled is not ours (BENCH_CLOCK=wall for the wall clock).
const WALL = process.env.BENCH_CLOCK === 'wall';
const clock = WALL
  ? () => Number(process.hrtime.bigint())
  : () => {
      const u = process.cpuUsage();
      return (u.user + u.system) * 1000;
    };

class PullReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

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
const PROVIDERS = ['openai', 'anthropic'];
const chat = MODELS.map((model, i) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': PROVIDERS[i],
  'gen_ai.request.model': model,
  'gen_ai.response.model': `${model}-2024-07-18`,
  'server.address': 'api.example.com',
  'server.port': 443,
  'gen_ai.usage.input_tokens': 1200,
  'gen_ai.usage.cache_read.input_tokens': 1024,
  'gen_ai.usage.output_tokens': 300,
}));
const http = {
  'http.request.method': 'GET',
  'url.path': '/health',
  'http.response.status_code': 200,
};

/** ns per span for `n` spans, with a metrics collection every SCRAPE_EVERY spans (all the work). */
async function total(p, attributes, n) {
  const { tracer } = p;
  let ns = 0;
  for (let done = 0; done < n; ) {
    const burst = Math.min(SCRAPE_EVERY, n - done);
    const start = clock();
    for (let i = 0; i < burst; i++)
      tracer.startSpan('chat', { attributes: attributes[i & 1] }).end();
    await p.reader?.collect();
    ns += clock() - start;
    done += burst;
  }
  return ns / n;
}

/** ns per span on the app's path only: span ends timed, collections in between not. */
async function appPath(p, attributes, n) {
  const { tracer } = p;
  let ns = 0;
  for (let done = 0; done < n; ) {
    const burst = Math.min(SCRAPE_EVERY, n - done);
    const start = clock();
    for (let i = 0; i < burst; i++)
      tracer.startSpan('chat', { attributes: attributes[i & 1] }).end();
    ns += clock() - start;
    await p.reader?.collect();
    done += burst;
  }
  return ns / n;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Rounds alternate between the two pipelines, so that a neighbour's load hits both alike. */
async function compare(label, attributes) {
  const base = pipeline(false);
  const genai = pipeline(true);
  for (const p of [base, genai]) await total(p, attributes, SPANS); // warm-up: JIT, caches
  const t = { base: [], genai: [] };
  const a = { base: [], genai: [] };
  for (let r = 0; r < ROUNDS; r++) {
    t.base.push(await total(base, attributes, SPANS));
    t.genai.push(await total(genai, attributes, SPANS));
    a.base.push(await appPath(base, attributes, SPANS));
    a.genai.push(await appPath(genai, attributes, SPANS));
  }
  const nsBase = median(t.base);
  const nsGenai = median(t.genai);
  // Per round: the difference of the pair, whose median is steadier than a difference of medians.
  const addedTotal = median(t.genai.map((g, i) => g - t.base[i]));
  const addedPath = median(a.genai.map((g, i) => g - a.base[i]));
  const kps = (ns) =>
    `${(1e9 / ns / 1e3).toFixed(0).padStart(4)}k spans/s${WALL ? '' : ' per core'}`;
  console.log(
    `${label.padEnd(16)} without: ${kps(nsBase)} (${nsBase.toFixed(0)} ns)   with genai_cost+genai_metrics: ${kps(nsGenai)} (${nsGenai.toFixed(0)} ns)`,
  );
  console.log(
    `${''.padEnd(16)} added per span: ${addedPath.toFixed(0)} ns on the app's path, ${addedTotal.toFixed(0)} ns in all (a collection every ${SCRAPE_EVERY.toLocaleString('en')} spans)`,
  );
  return { base, genai };
}

/** Bytes allocated per span (median of bursts during which no GC ran). */
async function allocated(p, attributes, burst = 200, samples = 60) {
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
    for (let i = 0; i < burst; i++)
      p.tracer.startSpan('chat', { attributes: attributes[i & 1] }).end();
    const heap1 = process.memoryUsage().heapUsed;
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (gcs === before) out.push((heap1 - heap0) / burst);
  }
  obs.disconnect();
  return median(out);
}

console.log(
  `node ${process.version}, ${SPANS.toLocaleString('en')} spans × ${ROUNDS} rounds per pipeline (medians), ${WALL ? 'wall-clock' : 'process CPU'} time`,
);
const llm = await compare('LLM chat spans', chat);
await compare('non-GenAI spans', [http, http]);

// Collection cost: one reader's collect over the LLM pipeline's series.
{
  const p = llm.genai;
  const n = 2000;
  const start = clock();
  for (let i = 0; i < n; i++) await p.reader.collect();
  const us = (clock() - start) / n / 1000;
  const { resourceMetrics } = await p.reader.collect();
  const points = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .reduce((k, m) => k + m.dataPoints.length, 0);
  console.log(
    `one collection: ${us.toFixed(1)} µs for ${points} data points (bounded by models × token types, not by spans)`,
  );
}

if (typeof globalThis.gc !== 'function') {
  console.log('allocation and heap checks skipped: run with node --expose-gc');
} else {
  // Short-lived allocation: the difference between the pipelines is what the two processors
  // allocate per span, the attributes genai_cost adds to the span included (they die with it).
  const bytesBase = await allocated(llm.base, chat);
  const bytesGenai = await allocated(llm.genai, chat);
  console.log(
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
  console.log(
    `heap after ${n.toLocaleString('en')} more spans: ${grew >= 0 ? '+' : ''}${(grew / 1024).toFixed(0)} KiB (${((grew / n) * 1000).toFixed(2)} bytes per 1000 spans)`,
  );
}
