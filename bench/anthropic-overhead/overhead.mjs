// What @genai-otel/instrumentation-anthropic costs per call, beside @traceloop/instrumentation-anthropic
// and beside @genai-otel/instrumentation-openai, in one process.
//   node --expose-gc bench/anthropic-overhead/overhead.mjs [--quick] [--json] [--rounds=K]
//        [--calls=N] [--warmup=N] [--profile=<variant>:<plain|stream>]
//        [--before=<dir of an earlier built checkout>]  (adds its build as `genai-otel-before`)
// (from the repo root, after a build). A component benchmark in a folder of its own: its
// package.json installs (outside the workspace, from its lockfile, on first use) the Anthropic
// SDK 0.137 and the traceloop package; everything else comes from the bench workspace.
//
// As openai-overhead does: the SDKs' own `messages.create` / `chat.completions.create`,
// `APIPromise` and `Stream` around prebuilt replies (no HTTP, no JSON parsing), timed in
// interleaved rounds, CPU time of the process, every ended span serialised to OTLP protobuf:
//   none            the Anthropic SDK alone (the unpatched `create`)
//   span            one bare span around it (no attributes)
//   genai-otel      `AnthropicInstrumentation`'s patched `create`
//   traceloop       `@traceloop/instrumentation-anthropic` 0.27's patched `create`
//   openai-none / openai-genai-otel   the same for the openai SDK (6.x) and `OpenAIInstrumentation`,
//                   so "genai-otel − none" of the two instrumentations compare in one run
// Each instrumentation is captured once patched and then called directly: two instrumentations of
// one method do not stack (`_wrap` unwraps an existing wrapper first).
// No target: the figures are reported, not judged.
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
import { ensureInstalled } from '../lib/peers.mjs';
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
const bench = startComponent('anthropic-overhead', args);

const folder = new URL('./', import.meta.url);
ensureInstalled(folder.pathname, (line) => bench.say(line));
const fromFolder = createRequire(new URL('package.json', folder));

const { provider, tracer } = serializingTracing();

// --- Anthropic: the SDK's own classes around a client that hands back prebuilt replies.
const sdk = fromFolder('@anthropic-ai/sdk');
const { APIPromise } = fromFolder('@anthropic-ai/sdk/core/api-promise');
const { Stream } = fromFolder('@anthropic-ai/sdk/core/streaming');
const sdkVersion = fromFolder('@anthropic-ai/sdk/version').VERSION;
const Messages = sdk.Anthropic.Messages;
const original = Messages.prototype.create;

const usage = {
  input_tokens: 12,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  output_tokens: 9,
  service_tier: 'standard',
};
const message = {
  id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-6',
  content: [{ type: 'text', text: 'Hello! How can I help you today?' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage,
};
const events = [
  {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  ...['Hello', '!', ' How can', ' I help', ' you today?'].map((text) => ({
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'text_delta', text },
  })),
  { type: 'content_block_stop', index: 0 },
  {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 9 },
  },
  { type: 'message_stop' },
];
async function* replay() {
  for (const e of events) yield e;
}
const props = { response: {}, options: {}, controller: new AbortController() };
const client = {
  baseURL: 'https://api.anthropic.com',
  _options: { timeout: 600_000 },
  post(_path, opts) {
    return new APIPromise(client, Promise.resolve(props), () =>
      opts.stream === true ? new Stream(replay, new AbortController(), client) : message,
    );
  },
};
const messages = new Messages(client);

// Each instrumentation patched in turn, its `create` kept, the prototype restored.
const { AnthropicInstrumentation } = await import(
  new URL('../../packages/instrumentation-anthropic/dist/index.js', import.meta.url).href
);
const ours = new AnthropicInstrumentation({ captureMessageContent: false });
ours.setTracerProvider(provider);
fromFolder('@anthropic-ai/sdk'); // require-in-the-middle patches it on this require
const oursCreate = Messages.prototype.create;
if (oursCreate === original) throw new Error('genai-otel did not patch @anthropic-ai/sdk');
Messages.prototype.create = original;
const { AnthropicInstrumentation: Traceloop } = fromFolder('@traceloop/instrumentation-anthropic');
const traceloop = new Traceloop({ enabled: false, traceContent: false });
traceloop.setTracerProvider(provider);
traceloop.manuallyInstrument(sdk);
const traceloopCreate = Messages.prototype.create;
if (traceloopCreate === original) throw new Error('traceloop did not patch @anthropic-ai/sdk');
Messages.prototype.create = original;

// --- OpenAI, as openai-overhead sets it up, for the comparison.
const openai = openaiVariants(provider);

const ask = {
  model: 'claude-sonnet-4-6',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Say hello.' }],
};
const PARAMS = { plain: ask, stream: { ...ask, stream: true } };

function bareSpan(params) {
  const span = tracer.startSpan('chat');
  const p = context.with(trace.setSpan(context.active(), span), original, messages, params);
  p.then(
    () => span.end(),
    () => span.end(),
  );
  return p;
}

const variants = {
  none: (mode) => original.call(messages, PARAMS[mode]),
  span: (mode) => bareSpan(PARAMS[mode]),
  'genai-otel': (mode) => oursCreate.call(messages, PARAMS[mode]),
  traceloop: (mode) => traceloopCreate.call(messages, PARAMS[mode]),
  ...openai,
};
if (args.before) {
  const before = await beforeWrapper(args.before, {
    pkg: 'instrumentation-anthropic',
    className: 'AnthropicInstrumentation',
    provider,
    moduleExports: sdk,
    proto: Messages.prototype,
    method: 'create',
    original,
  });
  variants['genai-otel-before'] = (mode) => before.call(messages, PARAMS[mode]);
  Object.assign(variants, await openaiBeforeVariant(args.before, provider));
}
const names = Object.keys(variants);
if (args.profile) {
  await profileCalls(variants, MODES, args.profile);
  process.exit(0);
}
const rounds = await runRounds(variants, MODES, { rounds: ROUNDS, calls: CALLS, warmup: WARMUP });

const f2 = fmt;
bench.say(
  `node ${process.version}, @anthropic-ai/sdk ${sdkVersion}; CPU µs per call, median of ${ROUNDS} interleaved rounds × ${CALLS} calls; ` +
    'Δ = median [p25, p75] of per-round differences; every span serialised to OTLP protobuf\n',
);
const figures = {
  rounds: ROUNDS,
  calls: CALLS,
  warmup: WARMUP,
  anthropicSdk: sdkVersion,
  modes: {},
};
for (const mode of MODES) {
  const R = rounds[mode];
  const m = {
    usPerCall: Object.fromEntries(names.map((n) => [n, median(R[n])])),
    span: delta(R, 'span', 'none'),
    genaiOtel: delta(R, 'genai-otel', 'none'),
    traceloop: delta(R, 'traceloop', 'none'),
    openaiGenaiOtel: delta(R, 'openai-genai-otel', 'openai-none'),
  };
  figures.modes[mode] = m;
  bench.say(
    `${mode.padEnd(6)} none ${f2(m.usPerCall.none)} | bare span ${spread(m.span)} | ` +
      `genai-otel anthropic ${spread(m.genaiOtel)} | traceloop ${spread(m.traceloop)} | ` +
      `genai-otel openai ${spread(m.openaiGenaiOtel)}`,
  );
  if (args.before) m.before = reportBefore(R, mode, 'anthropic', (l) => bench.say(l), spread);
}

const label = { plain: 'plain call', stream: 'streamed call (10 events)' };
const targets = overheadTargets(figures, MODES, label, [
  ['genaiOtel', 'genai-otel anthropic'],
  ['traceloop', '@traceloop/instrumentation-anthropic'],
  ['openaiGenaiOtel', 'genai-otel openai'],
]);
await provider.shutdown();
bench.finish({ title: 'Anthropic instrumentation: cost per call', targets, figures });
