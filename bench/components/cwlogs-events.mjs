// Issue 14: spans → GenAI event records (the genai_events connector) → CloudWatch Logs
// PutLogEvents batches (the awscloudwatchlogs exporter's routing, message and batching stages)
// at ≥ 100,000 records/s on one core, no network; and memory bounded while the endpoint is dead.
// Finished spans of realistic conversations (workflow → agent → retrieval, tool, 2 chat calls,
// handoff; one call in 20 fails: one more record) are made first; each round turns all of them
// into records and batches, in batches of 512 spans as the sdk's batch processor hands them over,
// timed on the process's CPU time (the verdict) and on the wall clock.
//   node --expose-gc bench/components/cwlogs-events.mjs [--quick] [--json] [--spans=N] [--rounds=K]
// --spans: default 100,000 (quick 30,000); --rounds: default 7 (quick 3).

import { createServer } from 'node:http';
import { GenAIEventsConnector } from '@genai-otel/connector-genai-events';
import {
  createAwsCloudWatchLogsExporter,
  createDefaultConfig,
  Router,
  toBatches,
} from '@genai-otel/exporter-cloudwatch-logs';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_SERVICE_NAME,
  ATTR_USER_ID,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  GENAI_OTEL_OPERATION,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
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
const TARGET = 100_000;
const QUEUE_SIZE = 10_000;
const bench = startComponent('cwlogs-events', args);

// The collector-config/cloudwatch-logs.yaml routing: five RevOps groups by category.
const ROUTES = {
  conversation: '/revops/conversation-trace',
  agent_collaboration: '/revops/agent-collaboration',
  data_operation: '/revops/data-operations',
  decision: '/revops/decision-logic',
  error: '/revops/error-analysis',
};
const router = new Router('/revops/other', 'category', ROUTES);
const connector = new GenAIEventsConnector({ captureContent: false });

const memory = new InMemorySpanExporter();
const tracer = new TracerProvider({
  resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'revops-agents' }),
  spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
}).getTracer('bench');

/** Conversations of 7 spans each, as instrumentations and genai_cost leave them. */
function makeSpans(count) {
  memory.reset();
  for (let i = 0; memory.getFinishedSpans().length < count; i++) {
    const common = { [ATTR_GEN_AI_CONVERSATION_ID]: `conv-${i}`, [ATTR_USER_ID]: `user-${i % 97}` };
    const workflow = tracer.startSpan('invoke_workflow qualify', {
      attributes: {
        ...common,
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_WORKFLOW,
        [ATTR_GEN_AI_WORKFLOW_NAME]: 'qualify',
      },
    });
    const wctx = trace.setSpan(context.active(), workflow);
    const agent = tracer.startSpan(
      genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, 'lead-scorer'),
      {
        attributes: {
          ...common,
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
          [ATTR_GEN_AI_AGENT_NAME]: 'lead-scorer',
        },
      },
      wctx,
    );
    const ctx = trace.setSpan(wctx, agent);
    const child = (name, attributes, failed = false) => {
      const s = tracer.startSpan(name, { attributes: { ...common, ...attributes } }, ctx);
      if (failed) s.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
      s.end();
    };
    child(genAISpanName(GEN_AI_OPERATION.RETRIEVAL, 'playbooks'), {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.RETRIEVAL,
      [ATTR_GEN_AI_DATA_SOURCE_ID]: 'playbooks',
    });
    child(genAISpanName(GEN_AI_OPERATION.EXECUTE_TOOL, 'crm_read'), {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
      [ATTR_GEN_AI_TOOL_NAME]: 'crm_read',
    });
    for (let c = 0; c < 2; c++) {
      const failed = (i * 2 + c) % 20 === 0;
      child(
        genAISpanName(GEN_AI_OPERATION.CHAT, 'gpt-4o-mini'),
        {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
          [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
          [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
          [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
          [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 812,
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 64,
          [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 0.0001,
          ...(failed ? { [ATTR_ERROR_TYPE]: 'RateLimitError' } : {}),
        },
        failed,
      );
    }
    child('handoff', {
      [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.HANDOFF,
      [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'lead-scorer',
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'deal-desk',
    });
    agent.end();
    workflow.end();
  }
  return memory.getFinishedSpans().slice(0, count);
}

const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** One round: every span → its records → PutLogEvents batches, 512 spans at a time. */
function throughput(spans) {
  let records = 0;
  let batches = 0;
  let bytes = 0;
  const cpu0 = cpuS();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < spans.length; i += 512) {
    const out = [];
    const end = Math.min(spans.length, i + 512);
    for (let j = i; j < end; j++) connector.eventsOf(spans[j], out);
    const batched = toBatches(out, router, 'agents', true);
    records += out.length;
    batches += batched.batches.length;
    for (const b of batched.batches) for (const e of b.events) bytes += e.message.length;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { records, batches, bytes, seconds, cpuSeconds: cpuS() - cpu0 };
}

function heap() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * Memory under a dead endpoint: a CloudWatch Logs endpoint that accepts and never answers; the
 * exporter is handed every record of `spans` 10 times over. What it holds must stay within its
 * queue (`queue_size` records), whatever it is handed.
 */
async function deadEndpoint(spans) {
  const server = createServer(() => {});
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const lines = [];
  const log = {
    info() {},
    warn: (m) => lines.push(m),
    error() {},
    once: (_k, _l, m) => lines.push(m),
  };
  const exporter = createAwsCloudWatchLogsExporter(
    {
      ...createDefaultConfig(),
      log_group_name: '/revops/other',
      log_group_routing: { attribute: 'category', log_groups: ROUTES },
      raw_log: true,
      endpoint: `http://127.0.0.1:${server.address().port}`,
      sending_queue: { queue_size: QUEUE_SIZE },
      timeout: '60s',
    },
    {
      log,
      env: {
        AWS_ACCESS_KEY_ID: 'AKIAFAKE',
        AWS_SECRET_ACCESS_KEY: 'fake',
        AWS_REGION: 'us-east-1',
      },
      shutdownTimeoutMs: 1_000,
    },
  );
  const handOver = () => {
    for (let i = 0; i < spans.length; i += 512) {
      const out = [];
      for (let j = i; j < Math.min(spans.length, i + 512); j++) connector.eventsOf(spans[j], out);
      exporter.export(out, () => {});
    }
  };
  handOver();
  await new Promise((r) => setTimeout(r, 200));
  const before = heap();
  let handed = 0;
  let maxWaiting = 0;
  for (let k = 0; k < 10; k++) {
    handOver();
    handed += spans.length;
    maxWaiting = Math.max(maxWaiting, exporter.waiting);
    await new Promise((r) => setImmediate(r));
  }
  const growth = heap() - before;
  await exporter.shutdown();
  server.closeAllConnections();
  server.close();
  return { handedSpans: handed, maxWaiting, heapGrowth: growth, lines };
}

if (!globalThis.gc) bench.say('(run with node --expose-gc for the memory figures)');
const spans = makeSpans(N);
throughput(spans.slice(0, 20_000)); // warm-up
throughput(spans.slice(0, 20_000));
const rounds = [];
for (let r = 0; r < ROUNDS; r++) rounds.push(throughput(spans));
const perCpuSecond = median(rounds.map((t) => t.records / t.cpuSeconds));
const perSecond = median(rounds.map((t) => t.records / t.seconds));
const { records, batches, bytes } = rounds[0];
bench.say(
  `spans → event records → PutLogEvents batches: ${Math.round(perCpuSecond).toLocaleString('en')} records per CPU-second, ` +
    `${Math.round(perSecond).toLocaleString('en')} records/s wall clock (median of ${ROUNDS} rounds of ${N.toLocaleString('en')} spans = ${records.toLocaleString('en')} records, ${batches.toLocaleString('en')} batches, ${Math.round(bytes / records)} B per event)`,
);
const dead = await deadEndpoint(spans.slice(0, 20_000));
bench.say(
  `dead endpoint: handed ${dead.handedSpans.toLocaleString('en')} spans' records, at most ${dead.maxWaiting.toLocaleString('en')} waiting (queue_size ${QUEUE_SIZE.toLocaleString('en')}), heap growth ${Math.round(dead.heapGrowth / 1024).toLocaleString('en')} KiB`,
);
bench.finish({
  title: 'CloudWatch Logs: spans → event records → batches',
  targets: [
    {
      id: 'records-per-second',
      what: 'spans → event records → PutLogEvents batches, one core, CPU time',
      compare: '>=',
      target: TARGET,
      unit: 'records/s',
      measured: perCpuSecond,
    },
    {
      id: 'dead-endpoint-waiting',
      what: 'records held under a dead endpoint, at most',
      compare: '<=',
      target: QUEUE_SIZE,
      unit: 'records',
      measured: dead.maxWaiting,
    },
    {
      id: 'dead-endpoint-heap',
      what: 'heap growth while 10 × 20,000 spans of records meet a dead endpoint',
      compare: null,
      target: null,
      unit: 'KiB',
      measured: globalThis.gc ? dead.heapGrowth / 1024 : null,
      ...(globalThis.gc ? {} : { note: 'needs node --expose-gc' }),
    },
  ],
  figures: {
    spans: N,
    records,
    batches,
    bytesPerEvent: bytes / records,
    rounds: rounds.map((t) => ({ seconds: t.seconds, cpuSeconds: t.cpuSeconds })),
    recordsPerCpuSecond: perCpuSecond,
    recordsPerSecond: perSecond,
    deadEndpoint: { maxWaiting: dead.maxWaiting, heapGrowth: dead.heapGrowth, lines: dead.lines },
  },
});
