// What @genai-otel/instrumentation-openai costs per call beyond the span it makes, in one process.
//   node --expose-gc bench/components/openai-overhead.mjs [--quick] [--json] [--rounds=K]
//        [--calls=N] [--warmup=N] [--no-serialize] [--profile=<variant>:<plain|stream>]
// (from the repo root, after a build; `npm run bench -- --only=openai-overhead` builds and runs
// it). --rounds: default 24 (quick 9); --calls per round, variant and mode: default 4,000 (quick
// 2,000); --warmup: discarded calls per variant and mode first, default 5,000 (quick too: fewer
// leave the JIT cold and the first rounds twice as slow).
//
// The openai SDK's (6.x) own `chat.completions.create`, `APIPromise` and `Stream` around prebuilt
// replies: the resource's client hands back the reply without HTTP or JSON parsing, so what is
// left is the SDK's promise and stream machinery, the OpenTelemetry span, and the instrumentation.
// The same call four ways, timed in interleaved rounds:
//   none        the SDK alone (the unpatched `create`)
//   span        one bare span around it (no attributes, the stream not followed)
//   span+attrs  a bare span given exactly the attributes the instrumentation's span gets (probed
//               in a child process, lib/openai-span-shapes.mjs): those it gives at start, then
//               the rest with one setAttribute each when the result is in
//   genai-otel  the patched `create`: `OpenAIInstrumentation`, as an app gets it
// genai-otel − span+attrs is then the instrumentation's own code; span+attrs − span what the
// attributes cost. Each ended span is serialised to OTLP protobuf as the exporters do
// (--no-serialize: not). CPU time of the process, not the wall clock: the machine may be shared.
// --profile=<variant>:<mode> just makes 300,000 such calls, to run under --cpu-prof.
// No target: the figures are reported, not judged.
import { createRequire } from 'node:module';
import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import { context, metrics } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { cpuUs } from '../lib/clock.mjs';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { contribOpenAI } from '../lib/contrib-openai.mjs';
import { PARAMS, stubCompletions } from '../lib/openai-chat-stub.mjs';
import { callInBareSpan, probeOpenAISpanShapes } from '../lib/openai-span-shapes.mjs';
import {
  median,
  pairedOverhead,
  pairedOverheadInterval,
  pairedRatioInterval,
  quantile,
} from '../lib/stats.mjs';

const args = componentArgs({
  rounds: { type: 'string' },
  calls: { type: 'string' },
  warmup: { type: 'string' },
  'no-serialize': { type: 'boolean', default: false },
  profile: { type: 'string' },
});
const ROUNDS = sized(args.rounds, 24, 9, args.quick);
const CALLS = sized(args.calls, 4_000, 2_000, args.quick);
const WARMUP = sized(args.warmup, 5_000, 5_000, args.quick);
const SERIALIZE = !args['no-serialize'];
const MODES = ['plain', 'stream'];
const bench = startComponent('openai-overhead', args);

const require = createRequire(import.meta.url);
// Loaded before the instrumentation exists, to keep the SDK's own `create` for `none`.
const { OpenAI } = require('openai');
const { APIPromise } = require('openai/core/api-promise');
const { Stream } = require('openai/core/streaming');
const Completions = OpenAI.Chat.Completions;
const originalCreate = Completions.prototype.create;
const sdkVersion = require('openai/version').VERSION;

// Serialises each span as it ends (batches of one: the per-span work is what matters here).
const serializing = {
  onStart() {},
  onEnding() {},
  onEnd(span) {
    if (SERIALIZE) ProtobufTraceSerializer.serializeRequest([span]);
  },
  forceFlush: async () => {},
  shutdown: async () => {},
};
const provider = new TracerProvider({ spanProcessors: [serializing] });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracer = provider.getTracer('bench');

const instrumentation = new OpenAIInstrumentation({
  captureMessageContent: false,
  streamUsage: false,
});
instrumentation.setTracerProvider(provider);
// require-in-the-middle patches the already loaded SDK when it is required again.
require('openai');
if (Completions.prototype.create === originalCreate) {
  throw new Error('the instrumentation did not patch openai');
}

// The best peer, in this same process. Same tracer provider, same span sink: what differs
// between the two is each instrumentation's own work and the span it makes. As the peers bench:
// no MeterProvider is installed, so its metrics go to the no-op one.
const {
  create: contribCreate,
  version: contribVersion,
  instrumentation: contrib,
} = contribOpenAI({
  Completions,
  originalCreate,
  openai: require('openai'),
  sdkVersion,
  tracerProvider: provider,
  meterProvider: metrics.getMeterProvider(),
  say: (line) => bench.say(line),
});

const completions = stubCompletions({ Completions, APIPromise, Stream });

// The instrumentation's span for each mode, probed in a child process.
const shapes = probeOpenAISpanShapes();
const variants = {
  none: (params) => originalCreate.call(completions, params),
  span: (params) => callInBareSpan(tracer, undefined, originalCreate, completions, params),
  'span+attrs': (params) =>
    callInBareSpan(
      tracer,
      shapes[params.stream ? 'stream' : 'plain'],
      originalCreate,
      completions,
      params,
    ),
  'genai-otel': (params) => completions.create(params),
  'otel-contrib': (params) => contribCreate.call(completions, params),
};
const names = Object.keys(variants);

async function call(name, mode) {
  const res = await variants[name](PARAMS[mode]);
  if (mode === 'stream') for await (const _ of res);
}

/** The peer's span per call, checked like ours: a patch that traced nothing would look free. */
async function probeContrib() {
  const memory = new InMemorySpanExporter();
  contrib.setTracerProvider(
    new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] }),
  );
  for (const mode of MODES) await call('otel-contrib', mode);
  contrib.setTracerProvider(provider);
  const spans = memory.getFinishedSpans();
  if (spans.length !== MODES.length) throw new Error(`otel-contrib: ${spans.length} spans`);
  return spans.map((s) => Object.keys(s.attributes).length);
}
const contribAttributes = await probeContrib();

if (args.profile) {
  const [name, mode] = args.profile.split(':');
  if (!variants[name] || !MODES.includes(mode)) {
    throw new Error(`--profile takes <${names.join('|')}>:<${MODES.join('|')}>`);
  }
  for (let i = 0; i < 300_000; i++) await call(name, mode);
  process.exit(0);
}

/** CPU µs per call of one round. */
async function round(name, mode) {
  const t0 = cpuUs();
  for (let i = 0; i < CALLS; i++) await call(name, mode);
  return (cpuUs() - t0) / CALLS;
}

for (const name of names)
  for (const mode of MODES) for (let i = 0; i < WARMUP; i++) await call(name, mode);
globalThis.gc?.();

const rounds = Object.fromEntries(
  MODES.map((mode) => [mode, Object.fromEntries(names.map((n) => [n, []]))]),
);
for (let r = 0; r < ROUNDS; r++) {
  for (const mode of MODES) {
    // Rotated order: whoever runs after whom, the next round pays its garbage.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      rounds[mode][name].push(await round(name, mode));
    }
  }
}

/** Median [p25, p75] of per-round differences a − b. */
function delta(R, a, b) {
  const d = R[a].map((x, i) => x - R[b][i]);
  return { median: median(d), p25: quantile(d, 0.25), p75: quantile(d, 0.75) };
}

const f2 = (x) => x.toFixed(2);
const spread = (d) => `+${f2(d.median)} [${f2(d.p25)}, ${f2(d.p75)}]`;
bench.say(
  `node ${process.version}, openai ${sdkVersion}; CPU µs per call, median of ${ROUNDS} interleaved rounds × ${CALLS} calls; ` +
    `Δ = median [p25, p75] of per-round differences${SERIALIZE ? '; every span serialised to OTLP protobuf' : ''}\n`,
);
const figures = {
  rounds: ROUNDS,
  calls: CALLS,
  warmup: WARMUP,
  serialize: SERIALIZE,
  openai: sdkVersion,
  contrib: { version: contribVersion, attributesPerSpan: contribAttributes },
  modes: {},
};
for (const mode of MODES) {
  const R = rounds[mode];
  const m = {
    usPerCall: Object.fromEntries(names.map((n) => [n, median(R[n])])),
    attributes: { atStart: Object.keys(shapes[mode].start).length, after: shapes[mode].end.length },
    span: delta(R, 'span', 'none'),
    attributesCost: delta(R, 'span+attrs', 'span'),
    own: delta(R, 'genai-otel', 'span+attrs'),
    total: delta(R, 'genai-otel', 'none'),
    contrib: delta(R, 'otel-contrib', 'none'),
    totalInterval: pairedOverheadInterval(R['genai-otel'], R.none),
    contribInterval: pairedOverheadInterval(R['otel-contrib'], R.none),
    ratio: pairedOverhead(R['genai-otel'], R.none) / pairedOverhead(R['otel-contrib'], R.none),
    ratioInterval: pairedRatioInterval(R['genai-otel'], R['otel-contrib'], R.none),
  };
  figures.modes[mode] = m;
  bench.say(
    `${mode.padEnd(6)} none ${f2(m.usPerCall.none)} | span ${spread(m.span)} | ` +
      `attributes (${m.attributes.atStart} at start, ${m.attributes.after} after) ${spread(m.attributesCost)} | ` +
      `genai-otel beyond span+attrs ${spread(m.own)} | genai-otel − none ${spread(m.total)}`,
  );
  const ci = ([lo, hi]) => `95% CI ${f2(lo)}–${f2(hi)}`;
  bench.say(
    `${''.padEnd(6)} genai-otel − none ${f2(m.total.median)} (${ci(m.totalInterval)}) | otel-contrib ${contribVersion} − none ${f2(m.contrib.median)} (${ci(m.contribInterval)}) | ratio ${f2(m.ratio)} (${ci(m.ratioInterval)})`,
  );
}

const label = { plain: 'plain chat', stream: 'streamed chat (8 chunks)' };
const targets = [];
for (const mode of MODES) {
  targets.push({
    id: `own/${mode}`,
    what: `instrumentation's own code per call (beyond a bare span with its attributes), ${label[mode]}, CPU time`,
    compare: null,
    target: null,
    unit: 'µs',
    measured: figures.modes[mode].own.median,
  });
}
for (const mode of MODES) {
  targets.push({
    id: `total/${mode}`,
    what: `instrumentation's whole cost per call (span and attributes included), ${label[mode]}, CPU time`,
    compare: null,
    target: null,
    unit: 'µs',
    measured: figures.modes[mode].total.median,
  });
}
for (const mode of MODES) {
  const m = figures.modes[mode];
  targets.push({
    id: `vs-contrib/${mode}`,
    what: `genai-otel's whole cost ÷ @opentelemetry/instrumentation-openai's, same process and span sink, ${label[mode]}, CPU time`,
    compare: '<=',
    target: 0.5,
    unit: '×',
    measured: m.ratio,
    note: `95% CI ${f2(m.ratioInterval[0])}–${f2(m.ratioInterval[1])}; ${f2(m.total.median)} against ${f2(m.contrib.median)} µs`,
  });
}
await provider.shutdown();
bench.finish({ title: 'OpenAI instrumentation: cost per call', targets, figures });
