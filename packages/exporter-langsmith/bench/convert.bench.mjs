// Spans → LangSmith runs: conversion throughput on one core (no network), and the memory the
// exporter holds per queued run. Run after a build:  node --expose-gc bench/convert.bench.mjs
// Options: --spans N (default 100000), --json (one JSON line instead of the table).
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
} from '@genai-otel/semantic-conventions';
import { context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { RunTreeAssembler, spanToRun } from '../dist/index.js';

const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--spans') + 1]) || 100_000;
const asJson = args.includes('--json');

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
  [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
  [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
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

function makeTraces(spanCount) {
  memory.reset();
  for (let i = 0; i < spanCount / 5; i++) {
    const agent = tracer.startSpan('invoke_agent support', {
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
        [ATTR_GEN_AI_AGENT_NAME]: 'support',
      },
    });
    const ctx = trace.setSpan(context.active(), agent);
    tracer
      .startSpan(
        'retrieval kb',
        {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
            [ATTR_GEN_AI_DATA_SOURCE_ID]: 'kb',
            [ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]: '[{"id":"d1","score":0.9}]',
          },
        },
        ctx,
      )
      .end();
    tracer
      .startSpan(
        'execute_tool lookup',
        {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
            [ATTR_GEN_AI_TOOL_NAME]: 'lookup',
            [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: '{"id":42}',
            [ATTR_GEN_AI_TOOL_CALL_RESULT]: '{"ok":true}',
          },
        },
        ctx,
      )
      .end();
    tracer.startSpan('chat gpt-4o-mini', { attributes: chatAttributes }, ctx).end();
    tracer.startSpan('chat gpt-4o-mini', { attributes: chatAttributes }, ctx).end();
    agent.end();
  }
  return memory.getFinishedSpans();
}

function options() {
  return { maxTracked: 10_000, maxPending: 1_000_000, parentWaitMs: 300_000 };
}

// Throughput: the exporter's whole CPU path minus the network (placement + conversion), in
// batches of 512 spans as the sdk's batch processor hands them over, children before parents.
function throughput(spans) {
  const tree = new RunTreeAssembler(options());
  let runs = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < spans.length; i += 512) {
    for (const { span, placement } of tree.add(spans.slice(i, i + 512))) {
      spanToRun(span, placement, 'bench');
      runs++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { runs, seconds, spansPerSecond: Math.round(spans.length / seconds) };
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

if (!globalThis.gc) console.error('(run with --expose-gc for the memory figures)');
const spans = makeTraces(N);
throughput(spans.slice(0, 20_000)); // warm-up
const t = throughput(spans);
const m = memoryPerRun(20_000);
const result = {
  spans: N,
  spansPerSecond: t.spansPerSecond,
  bytesPerQueuedRun: Math.round(m.perRun),
  bytesPerPendingSpan: Math.round(m.perPending),
  target: 50_000,
  node: process.version,
};
if (asJson) console.log(JSON.stringify(result));
else {
  console.log(
    `spans → runs: ${t.spansPerSecond.toLocaleString('en')} spans/s on one core (${N} spans, ${t.seconds.toFixed(2)} s; target ≥ 50,000)`,
  );
  console.log(
    `memory per converted run held for sending: ~${Math.round(m.perRun).toLocaleString('en')} B (chat runs carry ~0.5 KB of prompt and reply)`,
  );
  console.log(
    `memory per span held for its parent (beyond the span): ~${Math.round(m.perPending).toLocaleString('en')} B`,
  );
}
