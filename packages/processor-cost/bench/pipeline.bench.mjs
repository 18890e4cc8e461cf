// Spans per second through genai_cost + genai_metrics + a no-op exporter, against the same
// pipeline with neither; ns per span added by the two (all the work, metrics collection
// included; and on the span's path only); heap growth over a long run.
//   pnpm --filter @genai-otel/processor-cost bench      (node --expose-gc; build first)
// Env: BENCH_SPANS (default 300000 per round), BENCH_ROUNDS (default 5).
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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

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

function pipeline(withGenAI) {
  const out = sink();
  const processors = [];
  let reader;
  if (withGenAI) {
    const table = new PricingTable(readPricingFiles(BUILTIN_PRICING_DIR));
    const connector = new GenAIMetricsConnector();
    reader = new PullReader();
    connector.attach({ meterProvider: new MeterProvider({ readers: [reader] }) });
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

/** ns per span for `n` spans, including a metrics collection at the end (all the work). */
async function run(p, attributes, n) {
  const { tracer } = p;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    tracer.startSpan('chat', { attributes: attributes[i & 1] }).end();
  }
  await p.reader?.collect();
  return Number(process.hrtime.bigint() - start) / n;
}

/**
 * ns per span on the app's path only: bursts small enough for the connector's observation
 * buffer, collected (untimed) in between, as a scrape every few seconds would.
 */
async function spanPath(p, attributes, bursts, size) {
  const { tracer } = p;
  let ns = 0n;
  for (let b = 0; b < bursts; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < size; i++)
      tracer.startSpan('chat', { attributes: attributes[i & 1] }).end();
    ns += process.hrtime.bigint() - start;
    await p.reader?.collect();
  }
  return Number(ns) / (bursts * size);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(label, attributes) {
  const base = pipeline(false);
  const genai = pipeline(true);
  await run(base, attributes, SPANS); // warm-up: JIT, caches
  await run(genai, attributes, SPANS);
  const b = [];
  const g = [];
  for (let r = 0; r < ROUNDS; r++) {
    b.push(await run(base, attributes, SPANS));
    g.push(await run(genai, attributes, SPANS));
  }
  const nsBase = median(b);
  const nsGenai = median(g);
  console.log(
    `${label.padEnd(18)} without: ${(1e9 / nsBase / 1e3).toFixed(0).padStart(5)}k spans/s (${nsBase.toFixed(0)} ns/span)` +
      `   with genai_cost+genai_metrics: ${(1e9 / nsGenai / 1e3).toFixed(0).padStart(5)}k spans/s (${nsGenai.toFixed(0)} ns/span)` +
      `   added: ${(nsGenai - nsBase).toFixed(0)} ns/span`,
  );
  const pathBase = await spanPath(base, attributes, 50, 2000);
  const pathGenai = await spanPath(genai, attributes, 50, 2000);
  console.log(
    `${''.padEnd(18)} on the span's path only (bursts of 2000, collected between): added ${(pathGenai - pathBase).toFixed(0)} ns/span`,
  );
  return { genai, added: nsGenai - nsBase };
}

console.log(`node ${process.version}, ${SPANS} spans × ${ROUNDS} rounds (median)`);
const llm = await measure('LLM chat spans', chat);
await measure('non-GenAI spans', [http, http]);

// Memory: nothing per span may outlive it. After warm-up, a long run must not grow the heap.
if (typeof globalThis.gc !== 'function') {
  console.log('heap check skipped: run with node --expose-gc');
} else {
  const p = llm.genai;
  await run(p, chat, SPANS);
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const total = SPANS * 5;
  await run(p, chat, total);
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  const grew = after - before;
  console.log(
    `heap after ${total.toLocaleString('en')} more spans: ${grew >= 0 ? '+' : ''}${(grew / 1024).toFixed(0)} KiB (${((grew / total) * 1000).toFixed(2)} bytes per 1000 spans)`,
  );
  const { resourceMetrics } = await p.reader.collect();
  const series = resourceMetrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .reduce((n, m) => n + m.dataPoints.length, 0);
  console.log(
    `metric series after the run: ${series} (bounded by models × token types, not by spans)`,
  );
}
