#!/usr/bin/env node
// Per-call overhead of OpenAI instrumentations, side by side, in one run.
//   node run.mjs [--quick] [--transport=http,memory] [--variants=a,b] [--content]
//                [--profile=<variant>] [--no-pin] [--warmup=N] [--rounds=K] [--n=N]
//                [--processes=P] [--max-noise=0.1] [--out=results.json]
//   node run.mjs --report=results/<date>.json     (print a saved run's tables again)
// See README.md for what is measured and how to read the output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { environment, interference, machineCpu } from './lib/environment.mjs';
import { ensureInstalled } from './lib/peers.mjs';
import { summarizeProfiles } from './lib/profile.mjs';
import { sessionReport } from './lib/report.mjs';
import { runSession } from './lib/session.mjs';
import { startSink } from './lib/sink.mjs';
import { canPin, pinSelf } from './lib/spawn-child.mjs';
import { benchDir, variants } from './lib/variants.mjs';

const log = (s) => process.stderr.write(`bench: ${s}\n`);

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    transport: { type: 'string', default: 'http,memory' },
    variants: { type: 'string' },
    content: { type: 'boolean', default: false },
    profile: { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    n: { type: 'string' },
    processes: { type: 'string' },
    'max-noise': { type: 'string' },
    out: { type: 'string' },
    report: { type: 'string' },
  },
});

// Per transport: rounds × calls, and the seconds after which noisy rounds are no longer re-run.
// A call is ~5× cheaper in memory, so it gets more calls per round. Full: two processes per
// variant, 600 (+300 after a gc) warm-up calls per mode; --quick: one process, fewer of all.
const presets = opt.quick
  ? {
      common: { warmup: 100, processes: 1 },
      http: { rounds: 5, n: 150, budgetS: 5 },
      memory: { rounds: 5, n: 300, budgetS: 3 },
    }
  : {
      common: { warmup: 600, processes: 2 },
      http: { rounds: 12, n: 600, budgetS: 80 },
      memory: { rounds: 12, n: 2000, budgetS: 30 },
    };
const num = (s, d) => (s === undefined ? d : Number.parseInt(s, 10));
const transports = opt.transport.split(',').filter((t) => t === 'http' || t === 'memory');
// Profiles are written per variant name: one transport, one process each.
if (opt.profile) transports.splice(1);

/** @param {'http'|'memory'} transport @returns {import('./lib/session.mjs').SessionPlan} */
function planFor(transport) {
  const p = { ...presets.common, ...presets[transport] };
  return {
    transport,
    warmup: num(opt.warmup, p.warmup),
    rounds: num(opt.rounds, p.rounds),
    n: num(opt.n, p.n),
    processes: opt.profile ? 1 : num(opt.processes, p.processes),
    content: opt.content,
    maxNoise: opt['max-noise'] === undefined ? 0.1 : Number(opt['max-noise']),
    budgetS: p.budgetS,
  };
}

let selected = variants;
if (opt.variants) {
  const ids = new Set(['none', ...opt.variants.split(',')]);
  selected = variants.filter((v) => ids.has(v.id));
}
// Profiling runs the baseline, the bare-span reference and the profiled variant: the difference
// between the last two is what the instrumentation itself costs on top of any span.
if (opt.profile) {
  selected = variants.filter((v) => ['none', 'span-only', opt.profile].includes(v.id));
}

/** Builds a workspace package the bench imports if its dist/ is missing (turbo usually did). */
function ensureBuilt(pkg) {
  const req = createRequire(join(benchDir, 'package.json'));
  const pkgDir = join(req.resolve(`${pkg}/package.json`), '..');
  if (existsSync(join(pkgDir, 'dist', 'index.js'))) return;
  log(`building ${pkg}`);
  const r = spawnSync('pnpm', ['--filter', pkg, 'build'], {
    cwd: benchDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(join(pkgDir, 'dist', 'index.js'))) {
    throw new Error(`${pkg} has no dist/ and did not build`);
  }
}

/** Installs the peers' folders and builds genai-otel; what cannot be had is reported, not fatal. */
function prepare() {
  const unavailable = {};
  for (const v of selected) {
    try {
      if (v.peer) ensureInstalled(v.dir, log);
      if (v.id === 'genai-otel') ensureBuilt('@genai-otel/instrumentation-openai');
    } catch (err) {
      unavailable[v.id] = { status: 'unavailable', reason: String(err.message ?? err) };
      log(`${v.id}: ${unavailable[v.id].reason}`);
    }
  }
  return unavailable;
}

/** The mock server runs in this (the runner's) process, never in a measured one. */
async function startMock() {
  ensureBuilt('@genai-otel/mock-llm-server');
  const { startMockLLMServer } = await import('@genai-otel/mock-llm-server');
  const server = await startMockLLMServer({ port: 0, latencyMs: 0 });
  return { kind: '@genai-otel/mock-llm-server', url: server.url, close: () => server.close() };
}

/** Says so up front when the machine is already busy: the figures will be noisier. */
async function checkQuiet(maxNoise) {
  const before = machineCpu();
  const t0 = Date.now();
  const own0 = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const own = process.cpuUsage(own0);
  const n = interference(before, machineCpu(), own.user + own.system, Date.now() - t0);
  if (n && n.othersShare > maxNoise) {
    log(
      `other processes are using ${(100 * n.othersShare).toFixed(0)}% of the machine: ` +
        'noisy rounds will be re-run while the time budget lasts, and the figures will be noisier',
    );
  }
}

/** Prints a saved results file the way a run prints it (e.g. to refresh the README's tables). */
function reprint(file) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const e = r.env;
  console.log(`${e.cpu}, ${e.cores} cores, Node ${e.node}; mock: ${r.mock}; ${r.date}\n`);
  for (const s of Object.values(r.sessions)) {
    console.log(sessionReport(s, Object.keys(s.variants)));
  }
}

async function main() {
  if (opt.report) return reprint(opt.report);
  if (transports.length === 0) throw new Error('--transport takes http, memory or both');
  const started = Date.now();
  const unavailable = prepare();
  await checkQuiet(planFor(transports[0]).maxNoise);
  const pin = !opt['no-pin'] && canPin();
  if (pin) pinSelf();
  const mock = await startMock();
  const sink = await startSink();
  const profileDir = opt.profile ? join(benchDir, 'results', 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  if (pin) log('servers on CPU 0, measured processes on CPU 1');

  const sessions = {};
  try {
    for (const t of transports) {
      const plan = planFor(t);
      log(
        `${t}: ${plan.processes} process(es) per variant, ${plan.warmup} warm-up + ` +
          `${plan.rounds} × ${plan.n} timed calls per mode and variant`,
      );
      sessions[t] = await runSession({
        selected,
        unavailable,
        plan,
        mock,
        sink,
        pin,
        profileDir,
        log,
      });
    }
  } finally {
    await sink.close();
    await mock.close();
  }

  const env = environment();
  const order = selected.map((v) => v.id);
  console.log(`\n${env.cpu}, ${env.cores} cores, Node ${env.node}; mock: ${mock.kind}\n`);
  for (const t of transports) console.log(sessionReport(sessions[t], order));
  if (Object.values(sessions).some((s) => !s.best)) process.exitCode = 1;

  if (profileDir) {
    const s = sessions[transports[0]];
    console.log(summarizeProfiles(profileDir, opt.profile, s.calls));
    console.log(
      '(timings under the profiler are inflated: read where the time goes, not how much)',
    );
    return;
  }
  const stamp = new Date().toISOString();
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = opt.out ?? join(resultsDir, `${stamp.replace(/:/g, '-').replace(/\..+/, '')}.json`);
  const out = { date: stamp, env, mock: mock.kind, pinned: pin, sessions };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`results: ${file} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
