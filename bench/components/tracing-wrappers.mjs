// Overhead of one helper call (issue 4): ns per withAgent / withTool around a trivial function.
// Target: under 2 µs per wrapper with a no-op exporter behind a BatchSpanProcessor.
//   node bench/components/tracing-wrappers.mjs [--quick] [--json] [--iterations=N] [--rounds=K]
//                                              [--setups=noop,stub,sdk,sdk+bsp]
// (from the repo root, after a build; `npm run bench -- --only=tracing-wrappers` builds and runs it)
//
// Four setups, the AsyncLocalStorage context manager in all of them:
//   noop     no tracer provider registered (telemetry off): the API's no-op tracer
//   stub     a tracer whose spans record nothing but say they do: the helper does all its work
//            (context, attributes, settling, finishing) while the span costs next to nothing, so
//            the helper's own cost shows without the SDK's allocation and GC noise
//   sdk      a real TracerProvider, no processor
//   sdk+bsp  a real TracerProvider with a BatchSpanProcessor feeding a no-op exporter (production
//            minus the network): the setup of the target, < 2 µs per wrapper
// Each helper is compared with the bare call AND with the same span written by hand: a bare
// `tracer.startActiveSpan` with the same name, kind and attributes, then `end`. That hand-written
// span is the OpenTelemetry SDK's cost; the helper minus it is the helper's own.
//
// The machine is shared and noisy, so the cases of one setup and mode run interleaved, round by
// round, in a rotating order, and the helper's own cost is the median of per-round paired
// differences (helper − by hand in the same round), with the interquartile range beside it. Each
// round is timed on the wall clock and on the process's CPU time; the verdict is on CPU time (time
// spent descheduled while a neighbour ran is not the helper's).
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION,
  GEN_AI_TOOL_TYPE,
  GENAI_OTEL_OUTCOME,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import {
  configureTracing,
  resetTracingConfiguration,
  withAgent,
  withTool,
} from '@genai-otel/tracing';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { median, quantile } from '../lib/stats.mjs';

const args = componentArgs({
  iterations: { type: 'string' },
  rounds: { type: 'string' },
  setups: { type: 'string' },
});
const ITERATIONS = sized(args.iterations, 5_000, 2_000, args.quick);
const ROUNDS = sized(args.rounds, 41, 11, args.quick);
const TARGET_US = 2;
const bench = startComponent('tracing-wrappers', args);

const noopExporter = {
  export(_spans, done) {
    done({ code: 0 });
  },
  shutdown: async () => {},
  forceFlush: async () => {},
};

/** Recording, but does nothing: see `stub` above. */
class StubSpan {
  #context = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
  };
  spanContext() {
    return this.#context;
  }
  isRecording() {
    return true;
  }
  setAttribute() {
    return this;
  }
  setAttributes() {
    return this;
  }
  addEvent() {
    return this;
  }
  addLink() {
    return this;
  }
  addLinks() {
    return this;
  }
  setStatus() {
    return this;
  }
  updateName() {
    return this;
  }
  recordException() {}
  end() {}
}

const stubTracer = {
  startSpan: () => new StubSpan(),
  // The SDK's startActiveSpan, over the stub's startSpan.
  startActiveSpan(name, options, fn) {
    const parent = context.active();
    const span = this.startSpan(name, options, parent);
    return context.with(trace.setSpan(parent, span), fn, undefined, span);
  },
};

const allSetups = {
  noop: () => undefined,
  stub: () => ({
    getTracer: () => stubTracer,
    forceFlush: async () => {},
    shutdown: async () => {},
  }),
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
const setups = Object.fromEntries(
  Object.entries(allSetups).filter(
    ([name]) => !args.setups || args.setups.split(',').includes(name),
  ),
);

let sink = 0;
const work = () => {
  sink++;
  return sink;
};
const asyncWork = async () => {
  sink++;
  return sink;
};

const AGENT_SPAN = genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, 'triage');
const TOOL_SPAN = genAISpanName(GEN_AI_OPERATION.EXECUTE_TOOL, 'lookup');
// What withAgent / withTool emit, written by hand: a fresh attributes object per call, as an app
// writing the span itself would have.
const agentAttributes = () => ({
  [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
  [ATTR_GEN_AI_AGENT_NAME]: 'triage',
  [ATTR_GEN_AI_AGENT_OUTCOME]: GENAI_OTEL_OUTCOME.SUCCESS,
});
const toolAttributes = () => ({
  [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
  [ATTR_GEN_AI_TOOL_NAME]: 'lookup',
  [ATTR_GEN_AI_TOOL_TYPE]: GEN_AI_TOOL_TYPE.FUNCTION,
  [ATTR_GEN_AI_TOOL_CALL_OUTCOME]: GENAI_OTEL_OUTCOME.SUCCESS,
  [ATTR_GEN_AI_TOOL_CALL_ID]: 'call_1',
});

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
  const tool = { name: 'lookup', callId: 'call_1' };
  return {
    sync: {
      bare: () => work(),
      'agent by hand': () => byHand(AGENT_SPAN, agentAttributes(), work),
      withAgent: () => withAgent('triage', work),
      'tool by hand': () => byHand(TOOL_SPAN, toolAttributes(), work),
      withTool: () => withTool(tool, work),
    },
    async: {
      bare: () => asyncWork(),
      'agent by hand': () => byHandAsync(AGENT_SPAN, agentAttributes(), asyncWork),
      withAgent: () => withAgent('triage', asyncWork),
      'tool by hand': () => byHandAsync(TOOL_SPAN, toolAttributes(), asyncWork),
      withTool: () => withTool(tool, asyncWork),
    },
  };
}

const cpuNs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

/** ns per call of one round: wall clock and process CPU time. */
function timeSync(fn) {
  const cpu0 = cpuNs();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) fn();
  const wall = Number(process.hrtime.bigint() - start) / ITERATIONS;
  return { wall, cpu: (cpuNs() - cpu0) / ITERATIONS };
}

async function timeAsync(fn) {
  const cpu0 = cpuNs();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) await fn();
  const wall = Number(process.hrtime.bigint() - start) / ITERATIONS;
  return { wall, cpu: (cpuNs() - cpu0) / ITERATIONS };
}

/** Per case, the ns per call of every round; the cases of a round in rotating order. */
async function measure(all, timer, provider) {
  const names = Object.keys(all);
  const rounds = Object.fromEntries(names.map((n) => [n, { wall: [], cpu: [] }]));
  for (const name of names) await timer(all[name]); // warm-up, discarded
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length];
      const t = await timer(all[name]);
      rounds[name].wall.push(t.wall);
      rounds[name].cpu.push(t.cpu);
      // Drain the batch queue after each case so no case pays for another's spans.
      await provider?.forceFlush();
    }
  }
  return rounds;
}

const pad = (s, n) => String(s).padStart(n);
const paired = (a, b) => a.map((x, i) => x - b[i]);
const spreadOf = (xs) => ({
  median: median(xs),
  p25: quantile(xs, 0.25),
  p75: quantile(xs, 0.75),
});
const spreadText = (s) => `${s.median.toFixed(0)} [${s.p25.toFixed(0)}, ${s.p75.toFixed(0)}]`;
const CASES = ['bare', 'agent by hand', 'withAgent', 'tool by hand', 'withTool'];

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
bench.say(
  `node ${process.version}, ${ITERATIONS} calls × ${ROUNDS} interleaved rounds; median ns per call, process CPU time (wall clock in brackets)\n`,
);
bench.say(
  `${'setup'.padEnd(8)}${'mode'.padEnd(7)}${['bare', 'agent/hand', 'withAgent', 'tool/hand', 'withTool'].map((h) => pad(h, 14)).join('')}`,
);
/** Per setup and mode: medians per case and the helper's own cost (paired, CPU and wall). */
const figures = {};
const own = [];
for (const [setup, make] of Object.entries(setups)) {
  const provider = make();
  resetTracingConfiguration();
  configureTracing({ tracerProvider: provider, captureMessageContent: false });
  const tracer = (provider ?? trace.getTracerProvider()).getTracer('bench');
  const all = cases(tracer);
  figures[setup] = {};
  for (const [mode, timer] of [
    ['sync', timeSync],
    ['async', timeAsync],
  ]) {
    const r = await measure(all[mode], timer, provider);
    const f = { ns: {}, own: {} };
    for (const n of CASES) f.ns[n] = { cpu: median(r[n].cpu), wall: median(r[n].wall) };
    for (const [helper, byHand] of [
      ['withAgent', 'agent by hand'],
      ['withTool', 'tool by hand'],
    ]) {
      f.own[helper] = {
        cpu: spreadOf(paired(r[helper].cpu, r[byHand].cpu)),
        wall: spreadOf(paired(r[helper].wall, r[byHand].wall)),
      };
    }
    figures[setup][mode] = f;
    const cells = CASES.map((n) =>
      pad(`${f.ns[n].cpu.toFixed(0)} (${f.ns[n].wall.toFixed(0)})`, 14),
    );
    bench.say(`${setup.padEnd(8)}${mode.padEnd(7)}${cells.join('')}`);
    own.push(
      `${setup.padEnd(8)}${mode.padEnd(7)}withAgent ${pad(spreadText(f.own.withAgent.cpu), 16)}   withTool ${pad(spreadText(f.own.withTool.cpu), 16)}`,
    );
  }
  await provider?.shutdown();
}
bench.say(
  `\nThe helper's own cost: helper − the same span by hand, CPU ns per call, median [p25, p75] of paired rounds\n${own.join('\n')}`,
);
if (sink < 0) bench.say(String(sink));

const bsp = figures['sdk+bsp'];
const targets = [];
for (const helper of ['withAgent', 'withTool']) {
  for (const mode of ['sync', 'async']) {
    const ns = bsp?.[mode].ns[helper].cpu;
    targets.push({
      id: `${helper}/${mode}`,
      what: `${helper}, ${mode}, SDK + BatchSpanProcessor → no-op exporter, CPU time`,
      compare: '<',
      target: TARGET_US,
      unit: 'µs',
      measured: ns === undefined ? null : ns / 1000,
      ...(ns === undefined ? { note: 'the sdk+bsp setup was not run (--setups)' } : {}),
    });
  }
}
bench.finish({
  title: 'withAgent / withTool overhead',
  targets,
  figures: { iterations: ITERATIONS, rounds: ROUNDS, setups: figures },
});
