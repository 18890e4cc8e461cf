// Issue 5: spans → LangSmith runs at ≥ 50,000 spans/s on one core (no network), and the memory
// the exporter holds per queued run. Placement (RunTreeAssembler) + conversion (spanToRun) of
// traces of five spans, in batches of 512 as the sdk's batch processor hands them over, children
// before parents; rounds over all spans, each with a fresh assembler, timed on the process's CPU
// time (the verdict: "on one core", whatever a neighbour does) and on the wall clock.
//   node --expose-gc bench/components/langsmith-convert.mjs [--quick] [--json] [--spans=N] [--rounds=K]
// (from the repo root, after a build; `npm run bench -- --only=langsmith-convert` builds and runs
// it). --spans: default 100,000 (quick 30,000); --rounds: default 7 (quick 3).

import { RunTreeAssembler, spanToRun } from '@genai-otel/exporter-langsmith';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CACHE_READ,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_COST_INPUT,
  ATTR_GEN_AI_USAGE_COST_OUTPUT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVICE_NAME,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { median } from '../lib/stats.mjs';

const args = componentArgs({ spans: { type: 'string' }, rounds: { type: 'string' } });
const N = sized(args.spans, 100_000, 30_000, args.quick);
const ROUNDS = sized(args.rounds, 7, 3, args.quick);
const TARGET = 50_000;
const bench = startComponent('langsmith-convert', args);

// Realistic traces of 5 spans: agent → retrieval, tool, 2 chat calls with content, usage and cost.
const memory = new InMemorySpanExporter();
const provider = new TracerProvider({
  resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'bench' }),
  spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
});
const tracer = provider.getTracer('bench');
const messages = JSON.stringify([
  { role: 'user', parts: [{ type: 'text', content: 'How do I reset my password? '.repeat(8) }] },
]);
const reply = JSON.stringify([
  {
    role: 'assistant',
    finish_reason: 'stop',
    parts: [{ type: 'text', content: 'Open settings, then security. '.repeat(6) }],
  },
]);
const chatAttributes = {
  [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
  [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
  [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
  [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.2,
  [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 812,
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 64,
  [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 512,
  [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 0.0001,
  [ATTR_GEN_AI_USAGE_COST_INPUT]: 0.00004,
  [ATTR_GEN_AI_USAGE_COST_CACHE_READ]: 0.00002,
  [ATTR_GEN_AI_USAGE_COST_OUTPUT]: 0.00004,
  [ATTR_GEN_AI_USAGE_COST_CURRENCY]: 'USD',
  [ATTR_GEN_AI_CONVERSATION_ID]: 'conv-1',
  [ATTR_GEN_AI_INPUT_MESSAGES]: messages,
  [ATTR_GEN_AI_OUTPUT_MESSAGES]: reply,
};

const AGENT_SPAN = genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, 'support');
const RETRIEVAL_SPAN = genAISpanName(GEN_AI_OPERATION.RETRIEVAL, 'kb');
const TOOL_SPAN = genAISpanName(GEN_AI_OPERATION.EXECUTE_TOOL, 'lookup');
const CHAT_SPAN = genAISpanName(GEN_AI_OPERATION.CHAT, 'gpt-4o-mini');

function makeTraces(spanCount) {
  memory.reset();
  for (let i = 0; i < spanCount / 5; i++) {
    const agent = tracer.startSpan(AGENT_SPAN, {
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
        [ATTR_GEN_AI_AGENT_NAME]: 'support',
      },
    });
    const ctx = trace.setSpan(context.active(), agent);
    tracer
      .startSpan(
        RETRIEVAL_SPAN,
        {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.RETRIEVAL,
            [ATTR_GEN_AI_DATA_SOURCE_ID]: 'kb',
            [ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]: '[{"id":"d1","score":0.9}]',
          },
        },
        ctx,
      )
      .end();
    tracer
      .startSpan(
        TOOL_SPAN,
        {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
            [ATTR_GEN_AI_TOOL_NAME]: 'lookup',
            [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: '{"id":42}',
            [ATTR_GEN_AI_TOOL_CALL_RESULT]: '{"ok":true}',
          },
        },
        ctx,
      )
      .end();
    tracer.startSpan(CHAT_SPAN, { attributes: chatAttributes }, ctx).end();
    tracer.startSpan(CHAT_SPAN, { attributes: chatAttributes }, ctx).end();
    agent.end();
  }
  return memory.getFinishedSpans();
}

function options() {
  return { maxTracked: 10_000, maxPending: 1_000_000, parentWaitMs: 300_000 };
}

const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// Throughput: the exporter's whole CPU path minus the network (placement + conversion), in
// batches of 512 spans as the sdk's batch processor hands them over, children before parents.
function throughput(spans) {
  const tree = new RunTreeAssembler(options());
  let runs = 0;
  const cpu0 = cpuS();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < spans.length; i += 512) {
    for (const { span, placement } of tree.add(spans.slice(i, i + 512))) {
      spanToRun(span, placement, 'bench');
      runs++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpuSeconds = cpuS() - cpu0;
  return { runs, seconds, cpuSeconds };
}

function heap() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

// Memory per queued run: converted runs held for sending, and spans held for their parent.
function memoryPerRun(count) {
  const spans = makeTraces(count);
  const placed = new RunTreeAssembler(options()).add(spans);
  const before = heap();
  const runs = placed.map(({ span, placement }) => spanToRun(span, placement, 'bench'));
  const perRun = (heap() - before) / runs.length;
  // Children only (their parents never arrive): what waiting costs beyond the span itself.
  const children = spans.filter((s) => s.parentSpanContext);
  const tree = new RunTreeAssembler(options());
  const before2 = heap();
  tree.add(children);
  const perPending = (heap() - before2) / tree.pending;
  return { runs, perRun, perPending, keep: [runs, tree] };
}

if (!globalThis.gc) bench.say('(run with node --expose-gc for the memory figures)');
const spans = makeTraces(N);
throughput(spans.slice(0, 20_000)); // warm-up
throughput(spans.slice(0, 20_000));
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const t = throughput(spans);
  if (t.runs !== spans.length) throw new Error(`${t.runs} runs from ${spans.length} spans`);
  rounds.push(t);
}
const perCpuSecond = median(rounds.map((t) => spans.length / t.cpuSeconds));
const perSecond = median(rounds.map((t) => spans.length / t.seconds));
const m = globalThis.gc ? memoryPerRun(20_000) : null;
bench.say(
  `spans → runs: ${Math.round(perCpuSecond).toLocaleString('en')} spans per CPU-second, ` +
    `${Math.round(perSecond).toLocaleString('en')} spans/s wall clock (median of ${ROUNDS} rounds of ${N.toLocaleString('en')} spans)`,
);
if (m) {
  bench.say(
    `memory per converted run held for sending: ~${Math.round(m.perRun).toLocaleString('en')} B (chat runs carry ~0.5 KB of prompt and reply)`,
  );
  bench.say(
    `memory per span held for its parent (beyond the span): ~${Math.round(m.perPending).toLocaleString('en')} B`,
  );
}
const noGc = m ? {} : { note: 'needs node --expose-gc' };
bench.finish({
  title: 'LangSmith: spans → runs',
  targets: [
    {
      id: 'spans-per-second',
      what: 'spans → runs (placement + conversion), one core, CPU time',
      compare: '>=',
      target: TARGET,
      unit: 'spans/s',
      measured: perCpuSecond,
    },
    {
      id: 'bytes-per-queued-run',
      what: 'memory per converted run held for sending',
      compare: null,
      target: null,
      unit: 'B',
      measured: m ? m.perRun : null,
      ...noGc,
    },
    {
      id: 'bytes-per-pending-span',
      what: 'memory per span waiting for its parent, beyond the span',
      compare: null,
      target: null,
      unit: 'B',
      measured: m ? m.perPending : null,
      ...noGc,
    },
  ],
  figures: {
    spans: N,
    rounds: rounds.map((t) => ({ seconds: t.seconds, cpuSeconds: t.cpuSeconds })),
    spansPerCpuSecond: perCpuSecond,
    spansPerSecond: perSecond,
    bytesPerQueuedRun: m?.perRun ?? null,
    bytesPerPendingSpan: m?.perPending ?? null,
  },
});
