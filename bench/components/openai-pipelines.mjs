// Issue 17's "per-call overhead of an OpenAI chat call at most ½ of the best peer's", measured the
// way the issue words it: genai-otel through its own pipeline as a user gets it (a YAML, started as
// `@genai-otel/register` starts it), the best peer in its normal official set-up, both in this one
// process, paired rounds with bootstrap intervals.
//   node --expose-gc bench/components/openai-pipelines.mjs [--quick] [--json] [--rounds=K]
//        [--calls=N] [--warmup=N] [--profile=<variant>:<plain|stream>]
// --rounds: default 60 (quick 7); --calls per round, variant and mode: default 4,096 (quick 2,048).
//
// The openai SDK's own `Completions.create` over a client that hands back prebuilt replies
// (lib/openai-chat-stub.mjs: no HTTP, no JSON parsing), three ways:
//   none          the SDK's unpatched `create`
//   genai-otel    `startFromConfig` (what register runs, globals registered) of the YAML a user
//                 writes for Jaeger and Prometheus — the demo's collector-config/local.yaml without
//                 its local file and console outputs: the genai receiver (openai), genai_cost,
//                 batch, genai_metrics → prometheus, otlp_http (protobuf) → an OTLP sink
//   otel-contrib  `@opentelemetry/instrumentation-openai` in the official set-up: a TracerProvider
//                 with BatchSpanProcessor → OTLPTraceExporter (protobuf) to the same sink, and a
//                 MeterProvider with the official PrometheusExporter for its histograms
//   span+attrs    the floor under genai-otel: a bare SDK span around the SDK's `create` with
//                 exactly the name and attributes genai-otel's span gets (probed from its OpenAI
//                 instrumentation in a child process, lib/openai-span-shapes.mjs; set at start and on the
//                 response as it sets them; the stream is not followed), through genai-otel's
//                 export path alone (`batch` → `otlp_http`, a second pipeline with no globals):
//                 what any instrumentation recording that span costs before any code of its own
// A round is N calls of one variant, then that variant's forceFlush, so its batching,
// serialisation and HTTP sends are on its own time. The sink runs in another process (its CPU is
// not counted). After the rounds each Prometheus endpoint is scraped: each must have counted
// every call it made, and the sink must have received both pipelines' spans.
// --profile=<variant>:<mode> just makes 100,000 such calls (flushed every 4,096), to run under
// `node --cpu-prof`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startFromConfig } from '@genai-otel/sdk';
import { METRIC_GEN_AI_CLIENT_OPERATION_DURATION } from '@genai-otel/semantic-conventions';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { componentArgs, formatNumber, sized, startComponent } from '../lib/component-io.mjs';
import { contribOpenAI } from '../lib/contrib-openai.mjs';
import { freePort } from '../lib/free-port.mjs';
import { PARAMS, stubCompletions } from '../lib/openai-chat-stub.mjs';
import { callInBareSpan, probeOpenAISpanShapes } from '../lib/openai-span-shapes.mjs';
import { runRounds } from '../lib/overhead-rounds.mjs';
import { startSinkProcess } from '../lib/sink-process.mjs';
import { pairedOverhead, pairedOverheadInterval, pairedRatioInterval } from '../lib/stats.mjs';

const args = componentArgs({
  rounds: { type: 'string' },
  calls: { type: 'string' },
  warmup: { type: 'string' },
  profile: { type: 'string' },
});
const bench = startComponent('openai-pipelines', args);
const ROUNDS = sized(args.rounds, 60, 7, args.quick);
const CALLS = sized(args.calls, 4_096, 2_048, args.quick);
const WARMUP = sized(args.warmup, 3_000, 2_000, args.quick);
const MODES = ['plain', 'stream'];
const BATCH = 512;
// A round's calls never yield to the event loop (their promises resolve at once), so nothing is
// exported until the flush: both queues hold a whole round, or spans would be dropped (and a
// pipeline look cheaper).
const QUEUE = 2 * CALLS;

const require = createRequire(import.meta.url);
// genai-otel's span for these calls, probed first (in a child process: see the lib).
const shapes = probeOpenAISpanShapes();

// Loaded before any instrumentation, to keep the SDK's own `create` for `none`.
const { OpenAI } = require('openai');
const { APIPromise } = require('openai/core/api-promise');
const { Stream } = require('openai/core/streaming');
const Completions = OpenAI.Chat.Completions;
const originalCreate = Completions.prototype.create;
const sdkVersion = require('openai/version').VERSION;

const completions = stubCompletions({ Completions, APIPromise, Stream });

const sink = await startSinkProcess();
const endpoint = sink.url.replace(/\/v1\/traces$/, '');

// --- genai-otel, as a user starts it -------------------------------------------------------
const oursPort = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'openai-pipelines-'));
const configFile = join(dir, 'config.yaml');
writeFileSync(
  configFile,
  // The call under test makes no HTTP request (the stub client): only the openai instrumentation,
  // so the exporters' own requests are not traced either way.
  `receivers:
  genai:
    instrumentations: [openai]
processors:
  genai_cost:
  batch: { send_batch_size: ${BATCH}, timeout: 1s }
connectors:
  genai_metrics:
exporters:
  otlp_http:
    endpoint: ${endpoint}
    encoding: proto
    sending_queue: { queue_size: ${QUEUE} }
  prometheus:
    endpoint: 127.0.0.1:${oursPort}
service:
  pipelines:
    traces:
      receivers: [genai]
      processors: [genai_cost, batch]
      exporters: [otlp_http, genai_metrics]
    metrics:
      receivers: [genai_metrics]
      exporters: [prometheus]
`,
);
const otel = startFromConfig(loadConfig(configFile, { env: {} }), { env: {} });

// The floor's pipeline: genai-otel's export path alone, no globals (the one above has them).
const floorFile = join(dir, 'floor.yaml');
writeFileSync(
  floorFile,
  `receivers:
  genai:
    instrumentations: []
processors:
  batch: { send_batch_size: ${BATCH}, timeout: 1s }
exporters:
  otlp_http:
    endpoint: ${endpoint}
    encoding: proto
    sending_queue: { queue_size: ${QUEUE} }
service:
  pipelines:
    traces:
      receivers: [genai]
      processors: [batch]
      exporters: [otlp_http]
`,
);
const floor = startFromConfig(loadConfig(floorFile, { env: {} }), {
  env: {},
  registerGlobals: false,
});
const floorTracer = floor.tracerProvider.getTracer('bench-floor');
// require-in-the-middle patches the already loaded SDK when it is required again.
const openai = require('openai');
const oursCreate = Completions.prototype.create;
if (oursCreate === originalCreate) throw new Error('genai-otel did not patch openai');

// --- the peer, in the official set-up -------------------------------------------------------
const contribTracing = new TracerProvider({
  spanProcessors: [
    new BatchSpanProcessor({
      exporter: new OTLPTraceExporter({ url: sink.url }),
      maxExportBatchSize: BATCH,
      maxQueueSize: QUEUE,
      scheduledDelayMillis: 1000,
    }),
  ],
});
const contribPort = await freePort();
const contribPrometheus = new PrometheusExporter({ host: '127.0.0.1', port: contribPort });
const contribMetrics = new MeterProvider({ readers: [contribPrometheus] });
const contrib = contribOpenAI({
  Completions,
  originalCreate,
  openai,
  sdkVersion,
  tracerProvider: contribTracing,
  meterProvider: contribMetrics,
  say: (line) => bench.say(line),
});

const creates = {
  none: originalCreate,
  'genai-otel': oursCreate,
  'otel-contrib': contrib.create,
  'span+attrs': function (params) {
    return callInBareSpan(
      floorTracer,
      shapes[params.stream ? 'stream' : 'plain'],
      originalCreate,
      this,
      params,
    );
  },
};
const variants = Object.fromEntries(
  Object.entries(creates).map(([name, create]) => [
    name,
    (mode) => create.call(completions, PARAMS[mode]),
  ]),
);
const flushes = {
  none: async () => {},
  'genai-otel': () => otel.forceFlush(),
  'otel-contrib': () => contribTracing.forceFlush(),
  'span+attrs': () => floor.forceFlush(),
};
const names = Object.keys(variants);

if (args.profile) {
  const [name, mode] = args.profile.split(':');
  if (!variants[name] || !MODES.includes(mode)) {
    throw new Error(`--profile takes <${names.join('|')}>:<${MODES.join('|')}>`);
  }
  await runRounds({ [name]: variants[name] }, [mode], {
    rounds: 25,
    calls: 4_096,
    warmup: 0,
    afterCalls: (n) => flushes[n](),
  });
  process.exit(0);
}

const rounds = await runRounds(variants, MODES, {
  rounds: ROUNDS,
  calls: CALLS,
  warmup: WARMUP,
  afterCalls: (name) => flushes[name](),
});
// Every instrumented variant made this many calls, warm-up included.
const perVariant = MODES.length * (WARMUP + ROUNDS * CALLS);
const made = Object.fromEntries(names.map((n) => [n, perVariant]));

// --- checks: both pipelines did what they claim ---------------------------------------------
// The operation-duration histogram's Prometheus count series (either exporter's spelling).
const countSeries = new RegExp(
  `^${METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name.replaceAll('.', '_')}(?:_seconds)?_count\\{[^}]*} (\\d+)`,
  'gm',
);
/** Operations counted by one Prometheus endpoint (summed over series), from a scrape. */
async function operationsCounted(url) {
  const text = await (await fetch(url)).text();
  let n = 0;
  for (const m of text.matchAll(countSeries)) n += Number(m[1]);
  return n;
}
const counted = {
  'genai-otel': await operationsCounted(`http://127.0.0.1:${oursPort}/metrics`),
  'otel-contrib': await operationsCounted(`http://127.0.0.1:${contribPort}/metrics`),
};
await otel.shutdown();
await floor.shutdown();
await contribTracing.shutdown();
await contribMetrics.shutdown();
const received = await sink.close();
for (const n of ['genai-otel', 'otel-contrib']) {
  if (counted[n] !== made[n]) {
    throw new Error(`${n}: Prometheus counted ${counted[n]} operations, ${made[n]} calls made`);
  }
}
// Every span of both pipelines arrived (~600 B or more each): none dropped.
const spansMade = made['genai-otel'] + made['otel-contrib'] + made['span+attrs'];
if (received.bytes < spansMade * 400) {
  throw new Error(`the sink received ${received.bytes} B for ${spansMade} spans: spans were lost`);
}

// --- report ----------------------------------------------------------------------------------
const f2 = (x) => formatNumber(x);
const figures = {
  rounds: ROUNDS,
  calls: CALLS,
  warmup: WARMUP,
  openai: sdkVersion,
  contrib: contrib.version,
  made,
  counted,
  sink: received,
  // The floor's span: genai-otel's name and how many attributes it sets at start and later.
  floorSpan: Object.fromEntries(
    MODES.map((m) => [
      m,
      {
        name: shapes[m].name,
        atStart: Object.keys(shapes[m].start).length,
        after: shapes[m].end.length,
      },
    ]),
  ),
  modes: {},
};
bench.say(
  `node ${process.version}, openai ${sdkVersion}, otel-contrib ${contrib.version}; CPU µs per call (flushes included), ${ROUNDS} interleaved rounds × ${CALLS} calls`,
);
for (const mode of MODES) {
  const R = rounds[mode];
  const m = {
    none: pairedOverhead(
      R.none,
      R.none.map(() => 0),
    ),
    genaiOtel: pairedOverhead(R['genai-otel'], R.none),
    genaiOtelInterval: pairedOverheadInterval(R['genai-otel'], R.none),
    contrib: pairedOverhead(R['otel-contrib'], R.none),
    contribInterval: pairedOverheadInterval(R['otel-contrib'], R.none),
    ratioInterval: pairedRatioInterval(R['genai-otel'], R['otel-contrib'], R.none),
    rounds: R,
  };
  m.ratio = m.genaiOtel / m.contrib;
  m.floor = pairedOverhead(R['span+attrs'], R.none);
  m.floorRatio = m.floor / m.contrib;
  m.floorRatioInterval = pairedRatioInterval(R['span+attrs'], R['otel-contrib'], R.none);
  figures.modes[mode] = m;
  const ci = ([lo, hi]) => `[${f2(lo)}, ${f2(hi)}]`;
  bench.say(
    `${mode.padEnd(6)} none ${f2(m.none)} | genai-otel − none ${f2(m.genaiOtel)} ${ci(m.genaiOtelInterval)} | ` +
      `otel-contrib − none ${f2(m.contrib)} ${ci(m.contribInterval)} | ratio ${f2(m.ratio)} ${ci(m.ratioInterval)} | ` +
      `span+attrs − none ${f2(m.floor)}, ÷ otel-contrib ${f2(m.floorRatio)} ${ci(m.floorRatioInterval)}`,
  );
}
const label = { plain: 'plain chat', stream: 'streamed chat (8 chunks)' };
const targets = MODES.map((mode) => {
  const m = figures.modes[mode];
  return {
    id: `vs-contrib/${mode}`,
    what: `genai-otel (its YAML pipeline) ÷ @opentelemetry/instrumentation-openai (official set-up), whole cost per call with export, ${label[mode]}, CPU time`,
    compare: '<=',
    target: 0.5,
    unit: '×',
    measured: m.ratio,
    note: `95% CI ${f2(m.ratioInterval[0])}–${f2(m.ratioInterval[1])}; ${f2(m.genaiOtel)} against ${f2(m.contrib)} µs`,
  };
});
for (const mode of MODES) {
  const m = figures.modes[mode];
  targets.push({
    id: `floor/${mode}`,
    what: `a bare SDK span with genai-otel's attributes through its export path ÷ @opentelemetry/instrumentation-openai's whole cost per call, ${label[mode]}, CPU time`,
    compare: null,
    target: null,
    unit: '×',
    measured: m.floorRatio,
    note: `95% CI ${f2(m.floorRatioInterval[0])}–${f2(m.floorRatioInterval[1])}; ${f2(m.floor)} against ${f2(m.contrib)} µs`,
  });
}
bench.finish({
  title: 'OpenAI call as users run it: genai-otel pipeline vs official set-up',
  targets,
  figures,
});
