// Issue 9: the langsmith exporter keeps up. 50 concurrent callers end LLM-call spans (a chat
// with content, usage and cost) as fast as they can, then at the issue's load (20,000 calls in
// 45 s), through the sdk as an app's
// `--import @genai-otel/register` sets it up (batch processor → export queue → LangSmith
// exporter → the official `langsmith` client), to a LangSmith endpoint that answers at once. The
// endpoint runs in a child process (so the CPU time measured here is the app's and the
// exporter's alone) and counts the runs it receives (multipart `post.<id>` parts,
// gunzipped when gzip is on). Figures: runs delivered per second of wall clock (from the first
// span to the last run received), runs per second of this process's CPU (the app's spans and
// all the exporter's work: what one core sustains), runs dropped, peak RSS and heap.
//   node bench/components/langsmith-throughput.mjs [--quick] [--json] [--runs=N] [--callers=C]
//     [--rate=R] [--batch-size=B] [--concurrency=C] [--gzip=true|false]
// (from the repo root, after a build). Two phases of --runs calls each (default 20,000, quick
// 5,000) by --callers (50): unpaced (the throughput target), then paced at --rate calls/s in all
// (default 445, the issue's load; quick 2,000; 0 skips this phase), where nothing may be dropped.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, startFromConfig } from '@genai-otel/sdk';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
} from '@genai-otel/semantic-conventions';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';

const args = componentArgs({
  runs: { type: 'string' },
  callers: { type: 'string' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  gzip: { type: 'string', default: 'true' },
});
const RUNS = sized(args.runs, 20_000, 5_000, args.quick);
const RATE = args.rate !== undefined ? Number(args.rate) : args.quick ? 2_000 : 445;
const CALLERS = Number(args.callers ?? 50);
const TARGET = 5_000;
const bench = startComponent('langsmith-throughput', args);

/** An instant LangSmith: `/info`, and `/runs/multipart` counted part by part. */
const SERVER = `
const { createServer } = require('node:http');
const { gunzipSync } = require('node:zlib');
const workerData = { gzip: process.argv[1] === 'true' };
const parentPort = { postMessage: (m) => process.send(m) };
let runs = 0, requests = 0;
const POST = /name="post\\.[0-9a-f-]{36}"/g;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.url.startsWith('/info')) {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ version: 'bench', batch_ingest_config: { use_multipart_endpoint: true, size_limit: 100, size_limit_bytes: 20971520 }, instance_flags: { gzip_body_enabled: workerData.gzip } }));
    }
    requests++;
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    runs += (body.toString('latin1').match(POST) ?? []).length;
    parentPort.postMessage({ runs, requests });
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
`;

function startServer(gzip) {
  const worker = spawn(process.execPath, ['-e', SERVER, String(gzip)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  worker.terminate = () => worker.kill();
  const state = { runs: 0, requests: 0, port: 0, lastAt: 0, waiters: [] };
  worker.on('message', (m) => {
    Object.assign(state, m);
    state.lastAt = performance.now();
    for (const w of state.waiters.splice(0)) w();
  });
  return new Promise((resolve) => {
    const check = () => (state.port ? resolve({ state, worker }) : state.waiters.push(check));
    check();
  });
}

const messages = JSON.stringify([
  { role: 'user', parts: [{ type: 'text', content: 'How do I reset my password? '.repeat(4) }] },
]);
const reply = JSON.stringify([
  {
    role: 'assistant',
    finish_reason: 'stop',
    parts: [{ type: 'text', content: 'Open settings, then security. '.repeat(3) }],
  },
]);
const attributes = {
  [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
  [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
  [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
  [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 812,
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 64,
  [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 0.00016,
  [ATTR_GEN_AI_USAGE_COST_CURRENCY]: 'USD',
  [ATTR_GEN_AI_INPUT_MESSAGES]: messages,
  [ATTR_GEN_AI_OUTPUT_MESSAGES]: reply,
};

const gzip = args.gzip !== 'false';
const { state, worker } = await startServer(gzip);
const extra = [
  args['batch-size'] ? `batch_size: ${Number(args['batch-size'])}` : '',
  args.concurrency ? `concurrency: ${Number(args.concurrency)}` : '',
].filter(Boolean);
const lines = [];
const configFile = join(mkdtempSync(join(tmpdir(), 'langsmith-throughput-')), 'otel.yaml');
writeFileSync(
  configFile,
  `
receivers: { genai: { instrumentations: [] } }
processors: { batch: {} }
exporters:
  langsmith: { endpoint: "http://127.0.0.1:${state.port}", api_key: bench${extra.length ? `, ${extra.join(', ')}` : ''} }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [langsmith] } } }
`,
);
const otel = startFromConfig(loadConfig(configFile), {
  registerGlobals: false,
  env: {},
  logger: createLogger({ write: (l) => lines.push(l) }),
});
const tracer = otel.tracerProvider.getTracer('bench');

let peakRss = 0;
let peakHeap = 0;
const sample = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 50);

// 50 callers, each an async loop ending one span per call, yielding between calls as an app
// awaiting its LLM would (a macrotask, so the exporter's I/O gets its turns).
// Warm-up: the client loads parts of itself on its first request; that is start-up, not sending.
for (let i = 0; i < 500; i++) tracer.startSpan('warm-up', { attributes }).end();
await otel.forceFlush(60_000);
while (state.runs < 500) await new Promise((r) => setTimeout(r, 20));

/**
 * One phase: `runs` calls by the callers at `rate` calls/s in all (0: as fast as they can, one
 * macrotask apart), then the flush; what reached the endpoint, in how long, for how much CPU.
 */
async function phase(name, runs, rate) {
  const perCaller = Math.ceil(runs / CALLERS);
  // Each caller's interval between calls, so that all of them together make `rate` calls/s.
  const gapMs = rate > 0 ? (CALLERS / rate) * 1000 : 0;
  const before = { runs: state.runs, requests: state.requests };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      const start = performance.now() + Math.random() * gapMs;
      for (let i = 0; i < perCaller; i++) {
        const due = start + i * gapMs - performance.now();
        await new Promise((r) => (due > 1 ? setTimeout(r, due) : setImmediate(r)));
        tracer.startSpan('chat gpt-4o-mini', { attributes }).end();
      }
    }),
  );
  const made = perCaller * CALLERS;
  const produced = (performance.now() - t0) / 1000;
  await otel.forceFlush(120_000);
  // The flush returns once every request is answered; the endpoint's last counts may still be on
  // their way. Runs that were dropped never come: stop once nothing has arrived for a second.
  while (state.runs - before.runs < made && performance.now() - state.lastAt < 1_000) {
    await new Promise((r) => setTimeout(r, 20));
  }
  // From the first span to the last run received (not the wait for dropped runs).
  const seconds = (state.lastAt - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const delivered = state.runs - before.runs;
  const requests = state.requests - before.requests;
  const r = { made, delivered, dropped: made - delivered, requests, seconds, cpuSeconds, produced };
  // The app's spans and the exporter's sending, per second of this process's CPU: what one core
  // delivers when nothing else competes for it (the machine is shared; the wall clock is reported).
  r.perCpuSecond = delivered / cpuSeconds;
  r.perSecond = delivered / seconds;
  bench.say(
    `${name}: ${made} spans by ${CALLERS} callers (${rate > 0 ? `${rate}/s` : 'unpaced'}) in ${produced.toFixed(1)} s; ${delivered} runs delivered in ${seconds.toFixed(1)} s over ${requests} requests (gzip ${gzip}); ${r.dropped} dropped`,
  );
  bench.say(
    `${name}: ${r.perCpuSecond.toFixed(0)} runs per CPU second (${cpuSeconds.toFixed(1)} s of CPU), ${r.perSecond.toFixed(0)} runs/s wall clock`,
  );
  return r;
}

// Throughput: as fast as the callers can go, so the exporter is what limits (the target). Then
// the issue's load, paced: nothing may be dropped there.
const fast = await phase('unpaced', RUNS, 0);
const paced = RATE > 0 ? await phase('issue load', RUNS, RATE) : undefined;
clearInterval(sample);
await otel.shutdown(10_000);
await worker.terminate();
bench.say(
  `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB, peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB`,
);
for (const l of lines) bench.say(`  ${l}`);
bench.finish({
  title: 'LangSmith: runs delivered per second',
  targets: [
    {
      id: 'runs-per-cpu-second',
      what: `runs made and delivered to an instant endpoint, ${CALLERS} unpaced callers, one core, CPU time`,
      compare: '>=',
      target: TARGET,
      unit: 'runs/s',
      measured: fast.perCpuSecond,
    },
    {
      id: 'runs-per-second',
      what: 'the same, wall clock (shared machine)',
      compare: null,
      target: null,
      unit: 'runs/s',
      measured: fast.perSecond,
    },
    {
      id: 'dropped',
      what: paced ? `runs dropped at the issue's load (${RATE} calls/s)` : 'runs dropped unpaced',
      compare: '<=',
      target: 0,
      unit: 'runs',
      measured: (paced ?? fast).dropped,
    },
    {
      id: 'peak-rss',
      what: 'peak RSS while sending',
      compare: null,
      target: null,
      unit: 'MiB',
      measured: peakRss / 2 ** 20,
    },
  ],
  figures: {
    runs: RUNS,
    callers: CALLERS,
    rate: RATE,
    gzip,
    unpaced: fast,
    paced,
    peakRss,
    peakHeap,
  },
});
