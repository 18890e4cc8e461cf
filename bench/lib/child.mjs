// One measured process per variant (fresh module state). Wires a real SDK pipeline
// (TracerProvider → BatchSpanProcessor → OTLP/HTTP protobuf exporter → the parent's sink; for
// genai-otel its own pipeline started from a YAML), enables the variant's instrumentation before
// `openai` is loaded, probes what each kind of call exports,
// warms up, then times rounds when the parent asks for them and reports over IPC.
//
// `openai` is loaded with require() (CJS) in every variant: all four instrumentations hook it that
// way without a loader, so no variant pays for an ESM loader hook the others do not.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CountingExporter } from './counting-exporter.mjs';
import { interference, machineCpu, processCpuUs } from './environment.mjs';
import { replayFetch } from './replay-fetch.mjs';
import { variantById } from './variants.mjs';

/**
 * @typedef {object} ChildConfig
 * @property {string} variant
 * @property {string} mockUrl   base URL of the OpenAI-compatible mock (…/v1)
 * @property {string} sinkUrl   OTLP traces endpoint of the sink
 * @property {number} warmup    calls per mode before timing
 * @property {boolean} content
 * @property {'http'|'memory'} transport  memory: the mock's answers replayed without sockets
 */

/** @type {ChildConfig} */
const cfg = JSON.parse(process.env.BENCH_CHILD ?? '{}');
const gc = globalThis.gc ?? (() => {});
const MODES = ['plain', 'stream'];
const ROUND_PRIMER = 20;

function send(msg) {
  return new Promise((resolve) => process.send(msg, resolve));
}

/** A package's version even when its exports map hides package.json. */
function versionOf(req, name) {
  let dir = dirname(req.resolve(name));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name === name) return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/**
 * genai-otel as a user gets it: `startFromConfig` of a YAML (what `node --import
 * @genai-otel/register` does with GENAI_OTEL_CONFIG, minus the ESM hook `require('openai')` does
 * not need), the genai receiver instrumenting openai, the default batch settings, `otlp_http` to
 * the sink. The one addition: otlp_http's traces sink wrapped in the same CountingExporter the
 * peers' pipelines have, registered as a component of its own so the YAML stays a plain config.
 */
async function startGenaiOtel(req) {
  const sdk = await import(pathToFileURL(req.resolve('@genai-otel/sdk')).href);
  const registry = sdk.createDefaultRegistry();
  const otlp = registry.get('exporter', 'otlp_http');
  let counting;
  registry.register({
    ...otlp,
    type: 'bench_otlp_http',
    aliases: [],
    create(config, ctx) {
      const e = otlp.create(config, ctx);
      counting = new CountingExporter(e.traces);
      return { ...e, traces: counting };
    },
  });
  const file = join(mkdtempSync(join(tmpdir(), 'bench-genai-otel-')), 'config.yaml');
  writeFileSync(
    file,
    `receivers:
  genai: { instrumentations: [openai], capture_message_content: ${cfg.content} }
exporters:
  bench_otlp_http: { traces_endpoint: "${cfg.sinkUrl}" }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [bench_otlp_http] }
`,
  );
  const otel = sdk.startFromConfig(sdk.loadConfig(file, { registry }), { registry });
  const provider = {
    forceFlush: () => otel.forceFlush(),
    shutdown: () => otel.shutdown(),
  };
  return { provider, exporter: counting, instrumentation: null };
}

async function setup() {
  const variant = variantById(cfg.variant);
  const req = createRequire(join(variant.dir, 'package.json'));
  const api = req('@opentelemetry/api');
  let provider;
  let exporter;
  let instrumentation = null;
  if (variant.pipeline === 'genai-otel') {
    ({ provider, exporter, instrumentation } = await startGenaiOtel(req));
  } else {
    const { TracerProvider, BatchSpanProcessor } = req('@opentelemetry/sdk-trace');
    const { AsyncLocalStorageContextManager } = req('@opentelemetry/context-async-hooks');
    const { OTLPTraceExporter } = req('@opentelemetry/exporter-trace-otlp-proto');
    exporter = new CountingExporter(new OTLPTraceExporter({ url: cfg.sinkUrl }));
    // BatchSpanProcessor defaults (512 per batch, queue 2048, 5 s): what an app gets out of the box.
    provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    api.trace.setGlobalTracerProvider(provider);
    instrumentation = await variant.instrument({ req, api, content: cfg.content });
    // What registerInstrumentations()/NodeSDK do. No MeterProvider is installed, so the global
    // one is the no-op: metrics the instrumentations record cost a call into the no-op, alike.
    instrumentation?.setTracerProvider(provider);
    instrumentation?.setMeterProvider?.(api.metrics.getMeterProvider());
  }
  const { OpenAI } = req('openai');
  const openaiVersion = versionOf(req, 'openai');
  const instVersion = variant.pkg ? versionOf(req, variant.pkg) : null;
  const sdkVersion = versionOf(req, '@opentelemetry/sdk-trace');
  const client = new OpenAI({
    apiKey: 'sk-bench',
    baseURL: cfg.mockUrl,
    maxRetries: 0,
    ...(cfg.transport === 'memory' ? { fetch: replayFetch() } : {}),
  });
  return { provider, exporter, instrumentation, client, openaiVersion, instVersion, sdkVersion };
}

const messages = [{ role: 'user', content: 'Say hello.' }];
const chat = { model: 'gpt-4o-mini', messages };
/**
 * The timed calls and the probes. The timed streamed call asks for usage (include_usage) so every
 * instrumentation gets to do its full work; `streamNoUsage` shows what a plain `stream: true`
 * yields; the `*Details` probes use a reasoning model and force cached prompt tokens on the mock.
 */
const requests = {
  plain: { params: chat },
  stream: { params: { ...chat, stream: true, stream_options: { include_usage: true } } },
  streamNoUsage: { params: { ...chat, stream: true } },
  plainDetails: {
    params: { model: 'o4-mini', messages },
    options: { headers: { 'x-mock-cached-tokens': '4' } },
  },
  streamDetails: {
    params: { model: 'o4-mini', messages, stream: true, stream_options: { include_usage: true } },
    options: { headers: { 'x-mock-cached-tokens': '4' } },
  },
};

/** One call, streamed ones read to the end; resolves to the number of chunks seen. */
async function call(client, kind) {
  const { params, options } = requests[kind];
  const res = await client.chat.completions.create(params, options);
  if (!params.stream) return 0;
  let chunks = 0;
  for await (const _ of res) chunks++;
  return chunks;
}

/**
 * One timed round: a few untimed calls (the keep-alive socket may have closed while other variants
 * ran), then n sequential calls and the flush of the spans they made, so a round pays for the
 * export of exactly its own spans. Wall time per call and CPU time of this whole process (all
 * threads, so background JIT and GC count too) per call.
 */
async function round({ client, provider }, mode, n) {
  for (let i = 0; i < ROUND_PRIMER; i++) await call(client, mode);
  await provider.forceFlush();
  const per = new Float64Array(n);
  const machine0 = machineCpu();
  const servers0 = processCpuUs(process.ppid);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    await call(client, mode);
    per[i] = Number(process.hrtime.bigint() - s) / 1e3;
  }
  await provider.forceFlush();
  const wallUs = Number(process.hrtime.bigint() - t0) / 1e3;
  const cpu = process.cpuUsage(cpu0);
  const servers = processCpuUs(process.ppid);
  const ours = cpu.user + cpu.system + (servers ?? 0) - (servers0 ?? 0);
  // /proc/stat counts in 10 ms ticks: too coarse to judge a round shorter than ~0.2 s.
  const noise =
    wallUs >= 200_000 ? interference(machine0, machineCpu(), ours, wallUs / 1000) : null;
  per.sort();
  return {
    othersShare: noise?.othersShare ?? null,
    usPerCall: wallUs / n,
    cpuUsPerCall: (cpu.user + cpu.system) / n,
    p50: per[Math.floor(n * 0.5)],
    p99: per[Math.min(n - 1, Math.floor(n * 0.99))],
  };
}

/** Setup, probe and warm-up; then rounds on the parent's command, so variants interleave. */
async function main() {
  const s = await setup();
  const { provider, exporter, client } = s;

  // Probe: what one call of each kind exports, straight from the exporter's input.
  const probe = {};
  const chunks = {};
  exporter.capture = true;
  for (const kind of Object.keys(requests)) {
    chunks[kind] = await call(client, kind);
    await provider.forceFlush();
    probe[kind] = exporter.take();
  }
  exporter.capture = false;

  const before = exporter.exported;
  for (const mode of MODES) for (let i = 0; i < cfg.warmup; i++) await call(client, mode);
  await provider.forceFlush();
  const warmupSpans = exporter.exported - before;
  // One full collection to start every variant's rounds from a clean heap, then more warm-up:
  // a forced gc() discards optimised code, and the re-JIT that follows costs a few hundred µs per
  // call for the next ~100 calls, and more CPU for a while after. Forcing one between rounds
  // would bill that to every round, the most to whichever variant runs the most code.
  gc();
  const rewarm = Math.ceil(cfg.warmup / 2);
  for (const mode of MODES) for (let i = 0; i < rewarm; i++) await call(client, mode);
  await provider.forceFlush();
  let calls = Object.keys(requests).length + 2 * (cfg.warmup + rewarm);

  await send({
    type: 'ready',
    variant: cfg.variant,
    versions: { openai: s.openaiVersion, instrumentation: s.instVersion, sdkTrace: s.sdkVersion },
    probe,
    chunks,
    warmupCalls: 2 * cfg.warmup,
    warmupSpans,
  });

  for await (const cmd of commands()) {
    if (cmd.type === 'round') {
      const r = await round(s, cmd.mode, cmd.n);
      calls += ROUND_PRIMER + cmd.n;
      await send({ type: 'round', mode: cmd.mode, ...r });
    } else if (cmd.type === 'finish') {
      await provider.forceFlush();
      await send({
        type: 'done',
        totalCalls: calls,
        exportedSpans: exporter.exported,
        failedBatches: exporter.failedBatches,
        cpuUs: (({ user, system }) => user + system)(process.cpuUsage()),
      });
      await provider.shutdown();
      s.instrumentation?.disable?.();
      return;
    }
  }
}

// Listening from the start: a message arriving before anyone iterates is queued, not lost.
const queue = [];
let wake = null;
process.on('message', (m) => {
  queue.push(m);
  wake?.();
});

/** The parent's messages, one at a time. */
async function* commands() {
  for (;;) {
    while (queue.length > 0) yield queue.shift();
    await new Promise((resolve) => {
      wake = resolve;
    });
    wake = null;
  }
}

main().then(
  () => process.exit(0),
  async (err) => {
    await send({ type: 'error', variant: cfg.variant, error: String(err?.stack ?? err) });
    process.exit(1);
  },
);
