// What @genai-otel/instrumentation-bedrock costs per call, beside @genai-otel/instrumentation-openai,
// in one process.
//   node --expose-gc bench/bedrock-overhead/overhead.mjs [--quick] [--json] [--rounds=K]
//        [--calls=N] [--warmup=N]
// (from the repo root, after a build). As google-genai-overhead: the SDK's own code around prebuilt
// replies, timed in interleaved rounds, CPU time of the process, every ended span serialised to
// OTLP protobuf. Here `@aws-sdk/client-bedrock-runtime`'s whole `send` — middleware stack, SigV4
// signing, serialisation, deserialisation, its event-stream decoder — over a `requestHandler`
// that hands back prebuilt HTTP responses (no HTTP): a Converse JSON reply (9 output tokens) and a
// ConverseStream of 14 event-stream frames encoded by the SDK's own codec. The SDK comes from the
// instrumentation package's dev dependencies. `@opentelemetry/instrumentation-aws-sdk` makes a
// different span (one per AWS call, not a GenAI one with streams followed), so the yardstick is
// genai-otel's OpenAI one:
//   none            the SDK alone (the unpatched `send`)
//   span            one bare span around it
//   genai-otel      `BedrockInstrumentation`'s patched `send`
//   openai-none / openai-genai-otel   the openai SDK (6.x) and `OpenAIInstrumentation`
// No target: the figures are reported, not judged.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { openaiVariants } from '../lib/openai-replay.mjs';
import { delta, fmt, overheadTargets, runRounds, spread } from '../lib/overhead-rounds.mjs';
import { serializingTracing } from '../lib/serializing-tracing.mjs';
import { median } from '../lib/stats.mjs';

const args = componentArgs({
  rounds: { type: 'string' },
  calls: { type: 'string' },
  warmup: { type: 'string' },
});
const ROUNDS = sized(args.rounds, 24, 9, args.quick);
const CALLS = sized(args.calls, 2_000, 1_000, args.quick);
const WARMUP = sized(args.warmup, 3_000, 2_000, args.quick);
const MODES = ['plain', 'stream'];
const bench = startComponent('bedrock-overhead', args);

const { provider, tracer } = serializingTracing();

// Instrumented before the SDK's first require, so require-in-the-middle patches it.
const pkgDir = new URL('../../packages/instrumentation-bedrock/', import.meta.url);
const { BedrockInstrumentation } = await import(new URL('dist/index.js', pkgDir).href);
new BedrockInstrumentation({ captureMessageContent: false }).setTracerProvider(provider);
const fromPkg = createRequire(new URL('package.json', pkgDir));
const { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } = fromPkg(
  '@aws-sdk/client-bedrock-runtime',
);
const sdkVersion = JSON.parse(
  readFileSync(
    new URL('node_modules/@aws-sdk/client-bedrock-runtime/package.json', pkgDir),
    'utf8',
  ),
).version;
const ours = BedrockRuntimeClient.prototype.send;
const original = ours.__original;
if (typeof original !== 'function') throw new Error('genai-otel did not patch the Bedrock client');

// The frames the mock server sends, encoded by the SDK's own codec (the mock's dependency).
const fromMock = createRequire(
  new URL('../../packages/mock-llm-server/package.json', import.meta.url),
);
const { EventStreamCodec } = fromMock('@smithy/eventstream-codec');
const { fromUtf8, toUtf8 } = fromMock('@smithy/util-utf8');
const codec = new EventStreamCodec(toUtf8, fromUtf8);
const frame = (type, body) =>
  codec.encode({
    headers: {
      ':event-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify({ ...body, p: 'abcdefghij' })),
  });
const usage = { inputTokens: 4, outputTokens: 9, totalTokens: 13 };
const words = ['Hello', '!', ' How', ' can', ' I', ' help', ' you', ' today', '?'];
const frames = [
  frame('messageStart', { role: 'assistant' }),
  ...words.map((text) => frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text } })),
  frame('contentBlockStop', { contentBlockIndex: 0 }),
  frame('messageStop', { stopReason: 'end_turn' }),
  frame('metadata', { usage, metrics: { latencyMs: 190 } }),
];
const json = fromUtf8(
  JSON.stringify({
    output: { message: { role: 'assistant', content: [{ text: words.join('') }] } },
    stopReason: 'end_turn',
    usage,
    metrics: { latencyMs: 190 },
  }),
);
async function* frameStream() {
  for (const f of frames) yield f;
}
const requestHandler = {
  handle(request) {
    const streamed = request.path.endsWith('/converse-stream');
    const headers = {
      'content-type': streamed ? 'application/vnd.amazon.eventstream' : 'application/json',
      'x-amzn-requestid': 'f0f3b1a6-0000-4000-8000-000000000000',
    };
    const body = streamed ? frameStream() : json;
    return Promise.resolve({ response: { statusCode: 200, headers, body } });
  },
  updateHttpClientConfig() {},
  httpHandlerConfigs: () => ({}),
};

const client = new BedrockRuntimeClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
  requestHandler,
});
const modelId = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';
const input = { modelId, messages: [{ role: 'user', content: [{ text: 'Say hello.' }] }] };
const command = (mode) =>
  mode === 'stream' ? new ConverseStreamCommand(input) : new ConverseCommand(input);
const read = (mode, p) => (mode === 'stream' ? p.then((r) => r.stream) : p);

function bareSpan(mode) {
  const span = tracer.startSpan('chat');
  const p = context.with(trace.setSpan(context.active(), span), () =>
    original.call(client, command(mode)),
  );
  p.then(
    () => span.end(),
    () => span.end(),
  );
  return read(mode, p);
}

const variants = {
  none: (mode) => read(mode, original.call(client, command(mode))),
  span: bareSpan,
  'genai-otel': (mode) => read(mode, ours.call(client, command(mode))),
  ...openaiVariants(provider),
};
const names = Object.keys(variants);
// A probe: the patched path records what the tests say it does.
const probe = await variants['genai-otel']('stream');
for await (const _ of probe);
const rounds = await runRounds(variants, MODES, { rounds: ROUNDS, calls: CALLS, warmup: WARMUP });

bench.say(
  `node ${process.version}, @aws-sdk/client-bedrock-runtime ${sdkVersion}; CPU µs per call, median of ${ROUNDS} interleaved rounds × ${CALLS} calls; ` +
    'Δ = median [p25, p75] of per-round differences; every span serialised to OTLP protobuf\n',
);
const figures = { rounds: ROUNDS, calls: CALLS, warmup: WARMUP, bedrockSdk: sdkVersion, modes: {} };
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
      `genai-otel bedrock ${spread(m.genaiOtel)} | genai-otel openai ${spread(m.openaiGenaiOtel)}`,
  );
}

const label = { plain: 'Converse call', stream: 'ConverseStream call (14 events)' };
const targets = overheadTargets(figures, MODES, label, [
  ['genaiOtel', 'genai-otel bedrock'],
  ['openaiGenaiOtel', 'genai-otel openai'],
]);
await provider.shutdown();
bench.finish({ title: 'Bedrock instrumentation: cost per call', targets, figures });
