// Issue 15: tail sampling holds 10,000 traces in flight in bounded memory; report bytes per span
// held. Conversation turns (an agent root and three chat calls, as the sdk ends them) go through
// the tail_sampling gate with a decision_wait longer than the run, so every trace stays held:
// the heap growth over 10,000 traces, between two forced GCs, divided by the spans held — the
// spans themselves included (they would otherwise be garbage), and apart, beyond an array
// holding the same spans (what the buffer itself costs). Then 10× num_traces more traces go
// through: the buffer stays at num_traces (the oldest dropped, counted) and the heap stays flat.
// Also: ns per span taken, ns per trace decided (five policies).
//   node --expose-gc bench/components/tail-sampling.mjs [--quick] [--json] [--traces=N]
import { compilePolicies, TailSampler } from '@genai-otel/processor-tail-sampling';
import { context, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';

const args = componentArgs({ traces: { type: 'string' } });
const TRACES = sized(args.traces, 10_000, 10_000, args.quick);
const bench = startComponent('tail-sampling', args);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const POLICIES = compilePolicies([
  { type: 'status_code', status_code: { status_codes: ['ERROR'] } },
  { type: 'latency', latency: { threshold_ms: 10_000 } },
  {
    type: 'numeric_attribute',
    numeric_attribute: { key: 'gen_ai.rollup.cost.amount', min_value: 0.1 },
  },
  {
    type: 'string_attribute',
    string_attribute: { key: 'gen_ai.agent.handoff.target.type', values: ['human'] },
  },
  {
    type: 'ottl_condition',
    ottl_condition: {
      span: [
        'attributes["gen_ai.operation.name"] == "execute_tool" and status.code == STATUS_CODE_ERROR',
      ],
    },
  },
]);
const log = { once() {}, info() {} };

/** A TracerProvider whose spans end into `take` (as a pipeline hands them to its gate). */
function provider(take) {
  return new TracerProvider({
    spanProcessors: [
      {
        onStart() {},
        onEnd: take,
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      },
    ],
  }).getTracer('bench');
}

const chat = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'server.address': 'api.openai.com',
  'server.port': 443,
  'gen_ai.usage.input_tokens': 1200,
  'gen_ai.usage.output_tokens': 300,
  'gen_ai.usage.cost.amount': 0.00036,
};
function turn(tracer, i) {
  const root = tracer.startSpan('invoke_agent scheduler', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.conversation.id': `conv-${i}` },
  });
  const parent = trace.setSpan(context.active(), root);
  for (let k = 0; k < 3; k++)
    tracer.startSpan('chat gpt-4o-mini', { attributes: chat }, parent).end();
  root.end();
}

// The process's CPU time: on a shared machine, time spent descheduled is not ours.
const cpuNs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};
const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

// 1. The same spans held by a plain array: what the spans weigh.
let held = [];
{
  const tracer = provider((s) => held.push(s));
  for (let i = 0; i < 200; i++) turn(tracer, i); // warm-up
  held = [];
}
const h0 = heap();
{
  const tracer = provider((s) => held.push(s));
  for (let i = 0; i < TRACES; i++) turn(tracer, i);
}
const arrayBytes = heap() - h0;
const spans = held.length;
held = [];

// 2. Held by tail_sampling (decision_wait longer than the run).
let sampler = new TailSampler(() => {}, {
  policies: POLICIES,
  decisionWaitMs: 3_600_000,
  numTraces: TRACES,
  sampledCacheSize: TRACES,
  nonSampledCacheSize: TRACES,
  log,
  timer: false,
});
const h1 = heap();
const tracer = provider((s) => sampler.take(s));
for (let i = 0; i < TRACES; i++) turn(tracer, i);
const samplerBytes = heap() - h1;
const perSpan = samplerBytes / spans;
const beyond = (samplerBytes - arrayBytes) / spans;
bench.say(
  `${TRACES.toLocaleString('en')} traces (${spans.toLocaleString('en')} spans) in flight: ${(samplerBytes / 1024 / 1024).toFixed(1)} MiB, ${perSpan.toFixed(0)} B per span held (the spans ${(arrayBytes / spans).toFixed(0)} B, the buffer ${beyond.toFixed(0)} B beyond them)`,
);

// 3. Decisions: every held trace decided (policies evaluated, the ids cached).
let t = cpuNs();
sampler.decideAll();
const nsPerDecision = (cpuNs() - t) / TRACES;

// 4. Ten times num_traces more: the buffer stays bounded, the oldest dropped and counted.
sampler = new TailSampler(() => {}, {
  policies: POLICIES,
  decisionWaitMs: 3_600_000,
  numTraces: TRACES,
  sampledCacheSize: TRACES,
  nonSampledCacheSize: TRACES,
  log,
  timer: false,
});
for (let i = 0; i < TRACES; i++) turn(tracer, i);
const h2 = heap();
t = cpuNs();
for (let i = 0; i < TRACES * 10; i++) turn(tracer, i);
const nsPerSpanTaken = (cpuNs() - t) / (TRACES * 40);
const grew = heap() - h2;
const stats = sampler.stats;
bench.say(
  `${(TRACES * 10).toLocaleString('en')} more traces: ${stats.held.toLocaleString('en')} held, ${stats.droppedTooEarly.toLocaleString('en')} dropped too early (counted), heap ${grew >= 0 ? '+' : ''}${(grew / 1024).toFixed(0)} KiB`,
);
bench.say(
  `CPU time per span ended and taken (the SDK span included, evictions too): ${nsPerSpanTaken.toFixed(0)} ns; per trace decided (5 policies): ${nsPerDecision.toFixed(0)} ns`,
);

bench.finish({
  title: 'tail_sampling: 10,000 traces in flight',
  targets: [
    {
      id: 'bytes-per-span-held',
      what: `memory per span held, ${TRACES.toLocaleString('en')} traces × 4 spans in flight (the span included)`,
      compare: null,
      target: null,
      unit: 'B',
      measured: perSpan,
    },
    {
      id: 'bytes-beyond-span',
      what: 'of which the buffer itself, beyond holding the span',
      compare: null,
      target: null,
      unit: 'B',
      measured: beyond,
    },
    {
      id: 'bounded',
      what: `traces held after ${(TRACES * 11).toLocaleString('en')} went in (num_traces ${TRACES.toLocaleString('en')})`,
      compare: '<=',
      target: TRACES,
      unit: 'traces',
      measured: stats.held,
    },
  ],
  figures: {
    traces: TRACES,
    spans,
    samplerBytes,
    arrayBytes,
    nsPerDecision,
    nsPerSpanTaken,
    heapGrowthAfter10x: grew,
    stats,
  },
});
