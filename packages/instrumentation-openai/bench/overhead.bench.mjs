// What this instrumentation costs per call beyond the span it makes, in one process.
//   pnpm --filter @genai-otel/instrumentation-openai bench      (build first)
//
// The SDK's own APIPromise and Stream classes (openai 6) wrap prebuilt results, so no HTTP and
// no JSON parsing: what is left is the SDK's promise and stream machinery, the OpenTelemetry
// span, and us. Four ways to make the same call, timed in interleaved rounds:
//   none        the SDK alone
//   span        one bare span per call (no attributes, the stream not followed)
//   span+attrs  a bare span given exactly the attributes our span gets (taken from a probe call):
//               the request's at start, the rest with one setAttribute each when the result is in
//   genai-otel  this package's dist
// genai-otel − span+attrs is then our own code; span+attrs − span what the attributes cost.
// Each ended span is serialised to OTLP protobuf as the exporters do (BENCH_SERIALIZE=0: not).
// CPU time of the process, not the wall clock: the machine may be shared.
// Env: BENCH_ROUNDS (default 24), BENCH_CALLS (per round and variant, default 4000);
// BENCH_ONLY=<variant>:<plain|stream> just makes 300 000 such calls, to run under --cpu-prof.
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { tracedCall } from '../dist/call.js';
import { chatCompletions } from '../dist/chat-completions.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 24);
const CALLS = Number(process.env.BENCH_CALLS ?? 4000);
const SERIALIZE = process.env.BENCH_SERIALIZE !== '0';

const require = createRequire(import.meta.url);
const { APIPromise } = require('openai-v6/core/api-promise');
const { Stream } = require('openai-v6/core/streaming');

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
const settings = { captureContent: false, maxContentLength: 16384, streamUsage: false };

// A typical gpt-4o-mini reply, as OpenAI sends it (no cached or reasoning tokens).
const usage = {
  prompt_tokens: 9,
  completion_tokens: 4,
  total_tokens: 13,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
};
const common = {
  id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
  created: 1741569952,
  model: 'gpt-4o-mini-2024-07-18',
  service_tier: 'default',
  system_fingerprint: 'fp_06737a9306',
};
const completion = {
  ...common,
  object: 'chat.completion',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello! How can I help?', refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage,
};
const chunk = (delta, finish = null) => ({
  ...common,
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
});
const chunks = [
  chunk({ role: 'assistant', content: '' }),
  ...['Hello', '!', ' How', ' can I', ' help?'].map((content) => chunk({ content })),
  chunk({}, 'stop'),
  { ...chunk({}), choices: [], usage },
];

const client = { baseURL: 'https://api.openai.com/v1' };
const resource = { _client: client };
const props = { response: {}, controller: new AbortController() };
async function* replay() {
  for (const c of chunks) yield c;
}
/** What `chat.completions.create` returns, minus the request. */
function sdkCreate(params) {
  return new APIPromise(client, Promise.resolve(props), () =>
    params.stream === true ? new Stream(replay, new AbortController(), client) : completion,
  );
}

const messages = [{ role: 'user', content: 'Say hello.' }];
const PARAMS = {
  plain: { model: 'gpt-4o-mini', messages },
  stream: { model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } },
};

function traced(params) {
  return tracedCall(tracer, settings, chatCompletions, sdkCreate, resource, [params]);
}

/** The attributes genai-otel gives a call of `mode`, split as it sets them. */
async function probe(mode) {
  const memory = new InMemorySpanExporter();
  const probeTracer = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  }).getTracer('probe');
  const res = await tracedCall(probeTracer, settings, chatCompletions, sdkCreate, resource, [
    PARAMS[mode],
  ]);
  if (mode === 'stream') for await (const _ of res);
  const [span] = memory.getFinishedSpans();
  const atStart = new Set([
    'gen_ai.operation.name',
    'gen_ai.provider.name',
    'gen_ai.request.model',
    'server.address',
    'server.port',
    'gen_ai.request.stream',
  ]);
  const all = Object.entries(span.attributes);
  return {
    name: span.name,
    start: Object.fromEntries(all.filter(([k]) => atStart.has(k))),
    end: all.filter(([k]) => !atStart.has(k)),
  };
}
const shapes = { plain: await probe('plain'), stream: await probe('stream') };

function bareSpan(params, shape) {
  const span = tracer.startSpan(shape ? shape.name : 'chat', shape && { attributes: shape.start });
  const p = context.with(trace.setSpan(context.active(), span), sdkCreate, undefined, params);
  p.then(
    () => {
      if (shape) for (const [k, v] of shape.end) span.setAttribute(k, v);
      span.end();
    },
    () => span.end(),
  );
  return p;
}

const variants = {
  none: sdkCreate,
  span: (params) => bareSpan(params),
  'span+attrs': (params) => bareSpan(params, shapes[params.stream ? 'stream' : 'plain']),
  'genai-otel': traced,
};
const names = Object.keys(variants);

async function call(name, mode) {
  const res = await variants[name](PARAMS[mode]);
  if (mode === 'stream') for await (const _ of res);
}

function cpuUs() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function round(name, mode) {
  const t0 = cpuUs();
  for (let i = 0; i < CALLS; i++) await call(name, mode);
  return (cpuUs() - t0) / CALLS;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

if (process.env.BENCH_ONLY) {
  const [name, mode] = process.env.BENCH_ONLY.split(':');
  for (let i = 0; i < 300_000; i++) await call(name, mode);
  process.exit(0);
}

for (const name of names)
  for (const mode of ['plain', 'stream']) for (let i = 0; i < 5000; i++) await call(name, mode);
globalThis.gc?.();

const results = {};
for (const mode of ['plain', 'stream']) {
  results[mode] = Object.fromEntries(names.map((name) => [name, []]));
}
for (let r = 0; r < ROUNDS; r++) {
  for (const mode of ['plain', 'stream']) {
    // Rotated order: whoever runs after whom, the next round pays its garbage.
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      results[mode][name].push(await round(name, mode));
    }
  }
}

console.log(
  `CPU µs per call, median of ${ROUNDS} rounds × ${CALLS} calls; Δ = median of per-round differences` +
    (SERIALIZE ? '; every span serialised to OTLP protobuf' : ''),
);
for (const mode of ['plain', 'stream']) {
  const R = results[mode];
  const delta = (a, b) => median(R[a].map((x, i) => x - R[b][i])).toFixed(2);
  console.log(
    `${mode.padEnd(6)} none ${median(R.none).toFixed(2)} | span +${delta('span', 'none')} | ` +
      `attributes (${Object.keys(shapes[mode].start).length} at start, ${shapes[mode].end.length} after) +${delta('span+attrs', 'span')} | ` +
      `genai-otel beyond span+attrs +${delta('genai-otel', 'span+attrs')} | genai-otel − none +${delta('genai-otel', 'none')}`,
  );
}
