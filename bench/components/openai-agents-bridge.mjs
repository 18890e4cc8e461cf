// Overhead of the OpenAI Agents SDK bridge (issue 13): CPU time a bridge adds to one SDK span of
// a real `@openai/agents` run, ours (@genai-otel/instrumentation-openai-agents) side by side with
// OpenInference's (@arizeai/openinference-instrumentation-openai-agents, a TracingProcessor).
// OpenLLMetry has no JavaScript Agents SDK instrumentation on npm, so it is not in the table.
//   node bench/components/openai-agents-bridge.mjs [--quick] [--json] [--runs=N] [--rounds=K]
// (from the repo root, after a build; `npm run bench -- --only=openai-agents-bridge` builds and runs it)
//
// The run: a triage agent with a tool, a handoff to a specialist and an input guardrail — two
// model calls through the SDK's OpenAIResponsesModel, 10 SDK spans and a trace. The model calls
// go to the mock server once; identical requests are then answered from memory
// (lib/replay-fetch.mjs): the SDK does all its work, only the sockets are gone, so a bridge's cost
// is a larger share of each run. Both bridges write through the same TracerProvider, a
// BatchSpanProcessor feeding a no-op exporter (production minus the network); the SDK's own
// exporter to OpenAI is off (no processors) in every variant.
//
// Three variants per round, in rotating order: the SDK with no bridge, ours (switched on), and
// OpenInference's processor (switched on). Each bridge's cost is the median of per-round paired
// differences from the no-bridge run, per SDK span; the verdict is ours ≤ OpenInference's.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenAIAgentsInstrumentation } from '@genai-otel/instrumentation-openai-agents';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
// The scenario the bridge's own tests and its e2e app run, so the three measure the same run.
import {
  TRIAGE_INPUT,
  triageAgents,
} from '../../packages/instrumentation-openai-agents/test/fixtures/triage.mjs';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { ensureInstalled } from '../lib/peers.mjs';
import { replayFetch } from '../lib/replay-fetch.mjs';
import { median, quantile } from '../lib/stats.mjs';

const args = componentArgs({ runs: { type: 'string' }, rounds: { type: 'string' } });
const RUNS = sized(args.runs, 60, 20, args.quick);
const ROUNDS = sized(args.rounds, 21, 7, args.quick);
const SDK_SPANS_PER_RUN = 10;
const bench = startComponent('openai-agents-bridge', args);

let exported = 0;
const noopExporter = {
  export(spans, done) {
    exported += spans.length;
    done({ code: 0 });
  },
  shutdown: async () => {},
  forceFlush: async () => {},
};
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new TracerProvider({
  spanProcessors: [new BatchSpanProcessor({ exporter: noopExporter })],
});

// Enabled before the SDK is required, so require-in-the-middle patches it on load.
const ours = new OpenAIAgentsInstrumentation();
ours.setTracerProvider(provider);

const peerDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'peers',
  'openinference-agents',
);
ensureInstalled(peerDir, (line) => bench.say(line));
const peer = createRequire(join(peerDir, 'package.json'));
const agents = peer('@openai/agents');
const { OpenAI } = peer('openai');
const { z } = peer('zod');
const { OpenInferenceTracingProcessor } = peer(
  '@arizeai/openinference-instrumentation-openai-agents',
);
const openinference = new OpenInferenceTracingProcessor({ tracerProvider: provider });

const server = await startMockLLMServer({ port: 0, recordRequests: false });
agents.setDefaultOpenAIClient(
  new OpenAI({ apiKey: 'k', baseURL: `${server.url}/v1`, maxRetries: 0, fetch: replayFetch() }),
);
agents.setTracingDisabled(false);
agents.setTraceProcessors([openinference]);

const { triage } = triageAgents(agents, z);

const VARIANTS = {
  sdk: () => {
    ours.disable();
    openinference.disable();
  },
  'genai-otel': () => {
    openinference.disable();
    ours.enable();
  },
  openinference: () => {
    ours.disable();
    openinference.enable();
  },
};
const names = Object.keys(VARIANTS);

async function timedRuns(n) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const r = await agents.run(triage, TRIAGE_INPUT);
    if (r.lastAgent.name !== 'specialist') throw new Error('the run did not hand off');
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    cpu: (cpu.user + cpu.system) / n,
    wall: Number(process.hrtime.bigint() - t0) / 1000 / n,
  };
}

// Warm-up: every variant, so the JIT has seen all paths before the first measured round.
for (const v of names) {
  VARIANTS[v]();
  await timedRuns(Math.max(5, RUNS >> 2));
}
await provider.forceFlush();
/** @type {Record<string, {cpu: number, wall: number}[]>} µs per run, one entry per round */
const rounds = Object.fromEntries(names.map((v) => [v, []]));
/** OpenTelemetry spans each variant exported, per run: a bridge that emits nothing costs nothing. */
const spansPerRun = Object.fromEntries(names.map((v) => [v, 0]));
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < names.length; k++) {
    const v = names[(r + k) % names.length];
    VARIANTS[v]();
    // The processor exports a full batch (512) by itself during the runs: count from here.
    const before = exported;
    rounds[v].push(await timedRuns(RUNS));
    // Outside the timed region: the rest of what this variant's runs emitted.
    await provider.forceFlush();
    spansPerRun[v] += (exported - before) / RUNS / ROUNDS;
  }
}
ours.disable();
await server.close();
await provider.shutdown();

const spread = (xs) => ({ median: median(xs), p25: quantile(xs, 0.25), p75: quantile(xs, 0.75) });
const perSpan = (v, key) =>
  rounds[v].map((x, i) => (x[key] - rounds.sdk[i][key]) / SDK_SPANS_PER_RUN);
const figures = {
  runs: RUNS,
  rounds: ROUNDS,
  sdkSpansPerRun: SDK_SPANS_PER_RUN,
  otelSpansPerRun: spansPerRun,
  perRun: {},
  perSpan: {},
};
bench.say(
  `OpenTelemetry spans per run: ${names.map((v) => `${v} ${spansPerRun[v].toFixed(1)}`).join(', ')}`,
);
bench.say(
  `${'variant'.padEnd(14)}${'µs/run CPU'.padStart(12)}${'µs/run wall'.padStart(13)}${'+µs/SDK span CPU [p25, p75]'.padStart(32)}`,
);
for (const v of names) {
  figures.perRun[v] = {
    cpu: spread(rounds[v].map((x) => x.cpu)),
    wall: spread(rounds[v].map((x) => x.wall)),
  };
  const extra =
    v === 'sdk'
      ? ''
      : (() => {
          const s = spread(perSpan(v, 'cpu'));
          figures.perSpan[v] = { cpu: s, wall: spread(perSpan(v, 'wall')) };
          return `${s.median.toFixed(2)} [${s.p25.toFixed(2)}, ${s.p75.toFixed(2)}]`;
        })();
  bench.say(
    `${v.padEnd(14)}${figures.perRun[v].cpu.median.toFixed(0).padStart(12)}${figures.perRun[v].wall.median.toFixed(0).padStart(13)}${extra.padStart(32)}`,
  );
}
const oursUs = figures.perSpan['genai-otel'].cpu.median;
const peerUs = figures.perSpan.openinference.cpu.median;
const ratio = oursUs / peerUs;
figures.ratio = ratio;
bench.say(`ours ÷ OpenInference, per SDK span (CPU): ${ratio.toFixed(2)}`);
bench.finish({
  title: 'OpenAI Agents SDK bridge overhead',
  targets: [
    {
      id: 'per-span/ours',
      what: 'Agents SDK bridge, CPU µs added per SDK span (ours)',
      compare: '<=',
      target: Number(peerUs.toFixed(3)),
      unit: 'µs',
      measured: oursUs,
      note: 'target: OpenInference’s overhead in the same rounds',
    },
  ],
  figures,
});
