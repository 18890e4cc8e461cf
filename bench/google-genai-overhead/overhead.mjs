// What @genai-otel/instrumentation-google-genai costs per call, beside @genai-otel/instrumentation-openai,
// in one process.
//   node --expose-gc bench/google-genai-overhead/overhead.mjs [--quick] [--json] [--rounds=K]
//        [--calls=N] [--warmup=N] [--profile=<variant>:<plain|stream>]
//        [--before=<dir of an earlier built checkout>]  (adds its build as `genai-otel-before`)
// (from the repo root, after a build). As anthropic-overhead: the SDK's own code around prebuilt
// replies, timed in interleaved rounds, CPU time of the process, every ended span serialised to
// OTLP protobuf. Here `@google/genai` 3.6's `Models.generateContentInternal` /
// `generateContentStreamInternal` (request building, response conversion, its async generators)
// over an `ApiClient` whose `request` / `requestStream` hand back prebuilt HTTP responses (no
// HTTP; the JSON is prebuilt too). The SDK comes from the instrumentation package's dev
// dependencies. No npm peer instruments `@google/genai` (OpenLLMetry's `instrumentation-vertexai`
// is for the older `@google-cloud/vertexai`), so the yardstick is genai-otel's OpenAI one:
//   none            the SDK alone (the unpatched method)
//   span            one bare span around it
//   genai-otel      `GoogleGenAIInstrumentation`'s patched method
//   openai-none / openai-genai-otel   the openai SDK (6.x) and `OpenAIInstrumentation`
// No target: the figures are reported, not judged.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { beforeWrapper, reportBefore } from '../lib/before-variant.mjs';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { openaiBeforeVariant, openaiVariants } from '../lib/openai-replay.mjs';
import {
  delta,
  fmt,
  overheadTargets,
  profileCalls,
  runRounds,
  spread,
} from '../lib/overhead-rounds.mjs';
import { serializingTracing } from '../lib/serializing-tracing.mjs';
import { median } from '../lib/stats.mjs';

const args = componentArgs({
  rounds: { type: 'string' },
  calls: { type: 'string' },
  warmup: { type: 'string' },
  profile: { type: 'string' },
  before: { type: 'string' },
});
const ROUNDS = sized(args.rounds, 24, 9, args.quick);
const CALLS = sized(args.calls, 4_000, 2_000, args.quick);
const WARMUP = sized(args.warmup, 5_000, 3_000, args.quick);
const MODES = ['plain', 'stream'];
const bench = startComponent('google-genai-overhead', args);

const { provider, tracer } = serializingTracing();

// Instrumented before the SDK's first require, so require-in-the-middle patches it.
const pkgDir = new URL('../../packages/instrumentation-google-genai/', import.meta.url);
const { GoogleGenAIInstrumentation } = await import(new URL('dist/index.js', pkgDir).href);
new GoogleGenAIInstrumentation({ captureMessageContent: false }).setTracerProvider(provider);
const fromPkg = createRequire(new URL('package.json', pkgDir));
const { GoogleGenAI, Models } = fromPkg('@google/genai');
const sdkVersion = JSON.parse(
  readFileSync(new URL('node_modules/@google/genai/package.json', pkgDir), 'utf8'),
).version;
const oursPlain = Models.prototype.generateContentInternal;
const oursStream = Models.prototype.generateContentStreamInternal;
const originalPlain = oursPlain.__original;
const originalStream = oursStream.__original;
if (typeof originalPlain !== 'function' || typeof originalStream !== 'function')
  throw new Error('genai-otel did not patch @google/genai');

// A realistic gemini-2.5-flash reply: 9 text tokens, 64 thoughts; streamed, 6 chunks.
const usage = {
  promptTokenCount: 4,
  candidatesTokenCount: 9,
  thoughtsTokenCount: 64,
  totalTokenCount: 77,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 4 }],
};
const reply = (text, finishReason, u) => ({
  candidates: [
    {
      content: { role: 'model', parts: [{ text }] },
      index: 0,
      ...(finishReason && { finishReason }),
    },
  ],
  usageMetadata: u,
  modelVersion: 'gemini-2.5-flash',
  responseId: 'q3VwaLnGMqCmvdIPvZ-gwQo',
});
const body = reply('Hello! How can I help you today?', 'STOP', usage);
const partial = { ...usage, candidatesTokenCount: undefined, totalTokenCount: 68 };
const chunks = ['Hello', '!', ' How can', ' I help', ' you today?'].map((t) =>
  reply(t, undefined, partial),
);
chunks.push(reply('', 'STOP', usage));
const headers = new Headers({ 'content-type': 'application/json' });
// The SDK reads `json()` (and `headers`) of what `request` resolves to and of each streamed item.
const response = (json) => ({ headers, json: () => Promise.resolve(structuredClone(json)) });
async function* replay() {
  for (const c of chunks) yield response(c);
}

const ai = new GoogleGenAI({ apiKey: 'bench-key' });
const models = ai.models;
models.apiClient.request = () => Promise.resolve(response(body));
models.apiClient.requestStream = () => Promise.resolve(replay());

const params = { model: 'gemini-2.5-flash', contents: 'Say hello.' };
const PLAIN = { plain: originalPlain, stream: originalStream };
const OURS = { plain: oursPlain, stream: oursStream };

function bareSpan(mode) {
  const span = tracer.startSpan('generate_content');
  const p = context.with(trace.setSpan(context.active(), span), PLAIN[mode], models, params);
  p.then(
    () => span.end(),
    () => span.end(),
  );
  return p;
}

const variants = {
  none: (mode) => PLAIN[mode].call(models, params),
  span: bareSpan,
  'genai-otel': (mode) => OURS[mode].call(models, params),
  ...openaiVariants(provider),
};
if (args.before) {
  const wrap = (method, original) =>
    beforeWrapper(args.before, {
      pkg: 'instrumentation-google-genai',
      className: 'GoogleGenAIInstrumentation',
      provider,
      moduleExports: fromPkg('@google/genai'),
      proto: Models.prototype,
      method,
      original,
    });
  const BEFORE = {
    plain: await wrap('generateContentInternal', originalPlain),
    stream: await wrap('generateContentStreamInternal', originalStream),
  };
  variants['genai-otel-before'] = (mode) => BEFORE[mode].call(models, params);
  Object.assign(variants, await openaiBeforeVariant(args.before, provider));
}
const names = Object.keys(variants);
if (args.profile) {
  await profileCalls(variants, MODES, args.profile);
  process.exit(0);
}
const rounds = await runRounds(variants, MODES, { rounds: ROUNDS, calls: CALLS, warmup: WARMUP });

bench.say(
  `node ${process.version}, @google/genai ${sdkVersion}; CPU µs per call, median of ${ROUNDS} interleaved rounds × ${CALLS} calls; ` +
    'Δ = median [p25, p75] of per-round differences; every span serialised to OTLP protobuf\n',
);
const figures = {
  rounds: ROUNDS,
  calls: CALLS,
  warmup: WARMUP,
  googleGenaiSdk: sdkVersion,
  modes: {},
};
for (const mode of MODES) {
  const R = rounds[mode];
  const m = {
    usPerCall: Object.fromEntries(names.map((n) => [n, median(R[n])])),
    span: delta(R, 'span', 'none'),
    genaiOtel: delta(R, 'genai-otel', 'none'),
    openaiGenaiOtel: delta(R, 'openai-genai-otel', 'openai-none'),
  };
  figures.modes[mode] = m;
  bench.say(
    `${mode.padEnd(6)} none ${fmt(m.usPerCall.none)} | bare span ${spread(m.span)} | ` +
      `genai-otel google ${spread(m.genaiOtel)} | genai-otel openai ${spread(m.openaiGenaiOtel)}`,
  );
  if (args.before) m.before = reportBefore(R, mode, 'google', (l) => bench.say(l), spread);
}

const label = { plain: 'plain call', stream: 'streamed call (6 chunks)' };
const targets = overheadTargets(figures, MODES, label, [
  ['genaiOtel', 'genai-otel google-genai'],
  ['openaiGenaiOtel', 'genai-otel openai'],
]);
await provider.shutdown();
bench.finish({ title: 'Google Gen AI instrumentation: cost per call', targets, figures });
