// Overhead of one helper call: ns per withAgent / withTool around a trivial function.
//   pnpm --filter @genai-otel/tracing build && node packages/tracing/bench/wrappers.bench.mjs
// Env: BENCH_ITERATIONS (default 100000 per round), BENCH_ROUNDS (default 5; the median is shown).
//
// Three setups, the AsyncLocalStorage context manager in all of them:
//   noop     no tracer provider registered (telemetry off): the API's no-op tracer
//   sdk      a real TracerProvider, no processor
//   sdk+bsp  a real TracerProvider with a BatchSpanProcessor feeding a no-op exporter (production
//            minus the network)
// Each helper is compared with the bare call AND with the same span written by hand
// (`startActiveSpan` with the same name, kind and attributes, then `end`): the difference to the
// hand-written span is what the helper itself costs; the rest is the SDK's own span.
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { configureTracing, resetTracingConfiguration, withAgent, withTool } from '../dist/index.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const noopExporter = {
  export(_spans, done) {
    done({ code: 0 });
  },
  shutdown: async () => {},
  forceFlush: async () => {},
};

const setups = {
  noop: () => undefined,
  sdk: () => new TracerProvider({}),
  'sdk+bsp': () =>
    new TracerProvider({
      spanProcessors: [
        new BatchSpanProcessor({
          exporter: noopExporter,
          maxQueueSize: 1 << 17,
          maxExportBatchSize: 8192,
          scheduledDelayMillis: 50,
        }),
      ],
    }),
};

let sink = 0;
const work = () => {
  sink++;
  return sink;
};
const asyncWork = async () => {
  sink++;
  return sink;
};

// What withAgent / withTool emit, written by hand.
const agentAttributes = {
  'gen_ai.operation.name': 'invoke_agent',
  'gen_ai.agent.name': 'triage',
  'gen_ai.agent.outcome': 'success',
};
const toolAttributes = {
  'gen_ai.operation.name': 'execute_tool',
  'gen_ai.tool.name': 'lookup',
  'gen_ai.tool.type': 'function',
  'gen_ai.tool.call.outcome': 'success',
  'gen_ai.tool.call.id': 'call_1',
};

function cases(tracer) {
  const byHand = (name, attributes, fn) =>
    tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, (span) => {
      const result = fn();
      span.end();
      return result;
    });
  const byHandAsync = (name, attributes, fn) =>
    tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
      const result = await fn();
      span.end();
      return result;
    });
  return {
    sync: {
      'bare call': () => work(),
      'withAgent, by hand': () => byHand('invoke_agent triage', { ...agentAttributes }, work),
      withAgent: () => withAgent('triage', work),
      'withTool, by hand': () => byHand('execute_tool lookup', { ...toolAttributes }, work),
      withTool: () => withTool({ name: 'lookup', callId: 'call_1' }, work),
    },
    async: {
      'bare call': () => asyncWork(),
      'withAgent, by hand': () =>
        byHandAsync('invoke_agent triage', { ...agentAttributes }, asyncWork),
      withAgent: () => withAgent('triage', asyncWork),
      'withTool, by hand': () =>
        byHandAsync('execute_tool lookup', { ...toolAttributes }, asyncWork),
      withTool: () => withTool({ name: 'lookup', callId: 'call_1' }, asyncWork),
    },
  };
}

function timeSync(fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) fn();
  return Number(process.hrtime.bigint() - start) / ITERATIONS;
}

async function timeAsync(fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) await fn();
  return Number(process.hrtime.bigint() - start) / ITERATIONS;
}

const median = (xs) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(fn, timer, provider) {
  await timer(fn); // warm-up round, discarded
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    rounds.push(await timer(fn));
    // Drain the batch queue between rounds so it never fills and starts dropping.
    await provider?.forceFlush();
  }
  return median(rounds);
}

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
console.log(
  `node ${process.version}, ${ITERATIONS} calls × ${ROUNDS} rounds, median ns per call\n`,
);
const header = ['setup', 'mode', 'bare', 'agent/hand', 'withAgent', 'tool/hand', 'withTool'];
console.log(header.map((h, i) => (i < 2 ? h.padEnd(8) : h.padStart(11))).join(''));
const overheads = [];
for (const [setup, make] of Object.entries(setups)) {
  const provider = make();
  resetTracingConfiguration();
  configureTracing({ tracerProvider: provider, captureMessageContent: false });
  const tracer = (provider ?? trace.getTracerProvider()).getTracer('bench');
  const all = cases(tracer);
  for (const [mode, timer] of [
    ['sync', timeSync],
    ['async', timeAsync],
  ]) {
    const row = {};
    for (const [name, fn] of Object.entries(all[mode])) {
      row[name] = await measure(fn, timer, provider);
    }
    const cells = [
      row['bare call'],
      row['withAgent, by hand'],
      row.withAgent,
      row['withTool, by hand'],
      row.withTool,
    ];
    console.log(
      setup.padEnd(8) + mode.padEnd(8) + cells.map((c) => c.toFixed(0).padStart(11)).join(''),
    );
    overheads.push(
      `${setup} ${mode}: withAgent +${(row.withAgent - row['bare call']).toFixed(0)} ns vs bare, ` +
        `+${(row.withAgent - row['withAgent, by hand']).toFixed(0)} ns vs by hand; ` +
        `withTool +${(row.withTool - row['bare call']).toFixed(0)} ns vs bare, ` +
        `+${(row.withTool - row['withTool, by hand']).toFixed(0)} ns vs by hand`,
    );
  }
  await provider?.shutdown();
}
console.log(`\n${overheads.join('\n')}`);
if (sink < 0) console.log(sink);
