// The span genai-otel's OpenAI instrumentation makes for a stubbed chat call
// (lib/openai-chat-stub.mjs), plain and streamed: its name, and its attributes split into those
// set at start and those set later; and a bare span of that shape around a call, the floor the
// openai benchmarks compare against. Probed in a child process (this file run as a script): an
// instrumentation switched on and off in a benchmark's own process would leave
// require-in-the-middle's cache holding the unpatched module for the benchmark's own.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { context, SpanKind, trace } from '@opentelemetry/api';

const here = fileURLToPath(import.meta.url);

/** @returns {{ plain: Shape, stream: Shape }} with Shape = { name, start: object, end: [k, v][] } */
export function probeOpenAISpanShapes() {
  const r = spawnSync(process.execPath, [here], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`probing the OpenAI span failed: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
}

/**
 * `create.call(self, params)` inside a bare span of `tracer`: with `shape`, its name and the
 * attributes the instrumentation sets at start, the rest set once the call resolves (a stream is
 * not followed); without, a span named `chat` and nothing else.
 */
export function callInBareSpan(tracer, shape, create, self, params) {
  const span = tracer.startSpan(shape ? shape.name : 'chat', {
    kind: SpanKind.CLIENT,
    ...(shape ? { attributes: shape.start } : {}),
  });
  const p = context.with(trace.setSpan(context.active(), span), create, self, params);
  p.then(
    () => {
      if (shape) for (const [k, v] of shape.end) span.setAttribute(k, v);
      span.end();
    },
    () => span.end(),
  );
  return p;
}

async function probe() {
  const { OpenAIInstrumentation } = await import('@genai-otel/instrumentation-openai');
  const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = await import(
    '@opentelemetry/sdk-trace'
  );
  const { PARAMS, stubCompletions } = await import('./openai-chat-stub.mjs');
  const require = createRequire(import.meta.url);
  const memory = new InMemorySpanExporter();
  let atStart;
  const startAttributes = {
    onStart(span) {
      atStart = new Set(Object.keys(span.attributes));
    },
    onEnding() {},
    onEnd() {},
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const instrumentation = new OpenAIInstrumentation({ captureMessageContent: false });
  instrumentation.setTracerProvider(
    new TracerProvider({
      spanProcessors: [startAttributes, new SimpleSpanProcessor({ exporter: memory })],
    }),
  );
  const { OpenAI } = require('openai');
  const completions = stubCompletions({
    Completions: OpenAI.Chat.Completions,
    APIPromise: require('openai/core/api-promise').APIPromise,
    Stream: require('openai/core/streaming').Stream,
  });
  const shapes = {};
  for (const mode of ['plain', 'stream']) {
    memory.reset();
    const res = await completions.create(PARAMS[mode]);
    if (mode === 'stream') for await (const _ of res);
    const spans = memory.getFinishedSpans();
    if (spans.length !== 1) throw new Error(`${mode}: ${spans.length} spans, expected 1`);
    const all = Object.entries(spans[0].attributes);
    shapes[mode] = {
      name: spans[0].name,
      start: Object.fromEntries(all.filter(([k]) => atStart.has(k))),
      end: all.filter(([k]) => !atStart.has(k)),
    };
  }
  process.stdout.write(JSON.stringify(shapes));
}

if (process.argv[1] === here) await probe();
