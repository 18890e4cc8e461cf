#!/usr/bin/env node
// Per-call overhead of OpenAI instrumentations, side by side, in one run.
//   node run.mjs [--quick] [--variants=a,b] [--content] [--profile=<variant>] [--no-pin]
//                [--warmup=N] [--rounds=K] [--n=N] [--processes=P] [--out=results.json]
// See README.md for what is measured and how to read the output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { capabilities } from './lib/capabilities.mjs';
import { environment, interference, machineCpu } from './lib/environment.mjs';
import { ensureInstalled } from './lib/peers.mjs';
import { summarizeProfiles } from './lib/profile.mjs';
import { capabilityTable, figuresTable } from './lib/report.mjs';
import { startSink } from './lib/sink.mjs';
import { Child, canPin, pinSelf } from './lib/spawn-child.mjs';
import { compare, MODES, summarizeRounds } from './lib/stats.mjs';
import { benchDir, variants } from './lib/variants.mjs';

const log = (s) => process.stderr.write(`bench: ${s}\n`);

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    variants: { type: 'string' },
    content: { type: 'boolean', default: false },
    profile: { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    n: { type: 'string' },
    out: { type: 'string' },
    processes: { type: 'string' },
  },
});

// Full run: 2 processes per variant, each warmed up with 800 (+400 after a gc) calls per mode, then
// 16 rounds × 750 timed calls per mode and variant (many short rounds pair up better against the
// baseline's). --quick: one process per variant and about a tenth of the calls.
const preset = opt.quick
  ? { warmup: 200, rounds: 6, n: 200, processes: 1 }
  : { warmup: 800, rounds: 16, n: 750, processes: 2 };
const num = (s, d) => (s === undefined ? d : Number.parseInt(s, 10));
const plan = {
  warmup: num(opt.warmup, preset.warmup),
  rounds: num(opt.rounds, preset.rounds),
  n: num(opt.n, preset.n),
  // Profiles are written per variant name, so one process each.
  processes: opt.profile ? 1 : num(opt.processes, preset.processes),
  content: opt.content,
};

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

/** Per variant: status, label, and later the figures. */
const byId = Object.fromEntries(
  selected.map((v) => [
    v.id,
    { id: v.id, label: v.label, peer: v.peer, reference: !!v.reference, status: 'ok' },
  ]),
);

function prepare() {
  for (const v of selected) {
    try {
      if (v.peer) ensureInstalled(v.dir, log);
      if (v.id === 'genai-otel') ensureBuilt('@genai-otel/instrumentation-openai');
    } catch (err) {
      byId[v.id].status = 'unavailable';
      byId[v.id].reason = String(err.message ?? err);
      log(`${v.id}: ${byId[v.id].reason}`);
    }
  }
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

/** The mock server runs in this (the runner's) process, never in a measured one. */
async function startMock() {
  ensureBuilt('@genai-otel/mock-llm-server');
  const { startMockLLMServer } = await import('@genai-otel/mock-llm-server');
  const server = await startMockLLMServer({ port: 0, latencyMs: 0 });
  return { kind: '@genai-otel/mock-llm-server', url: server.url, close: () => server.close() };
}

/** Checks a child's report: spans exported for every instrumented call, none for the baseline. */
function verdict(id, done) {
  if (id === 'none') {
    return done.exportedSpans === 0 ? null : `baseline exported ${done.exportedSpans} spans`;
  }
  if (done.warmupSpans === 0) return 'records nothing: no span exported during warm-up';
  if (done.exportedSpans < done.totalCalls) {
    return `exported ${done.exportedSpans} spans for ${done.totalCalls} calls (dropped or not instrumented)`;
  }
  if (done.failedBatches > 0) return `${done.failedBatches} export batches failed`;
  return null;
}

function markBroken(id, err) {
  byId[id].status = 'broken';
  byId[id].reason = String(err.message ?? err)
    .split('\n')
    .slice(0, 6)
    .join('\n');
  log(`${id}: ${byId[id].reason}`);
}

/**
 * Starts `plan.processes` children per variant (each probes and warms up alone), then runs the
 * rounds interleaved: round r visits the variants in an order rotated by r, alternates which mode
 * goes first, and goes to process r mod P of each variant, so one process's luck (heap layout,
 * JIT decisions: up to ~20 µs/call seen between two baseline processes) is averaged out.
 */
async function measure(mock, sink, pin, profileDir) {
  const children = {};
  const rounds = {};
  for (const v of selected) {
    if (byId[v.id].status !== 'ok') continue;
    try {
      children[v.id] = [];
      for (let p = 0; p < plan.processes; p++) {
        const config = {
          variant: v.id,
          mockUrl: `${mock.url}/v1`,
          sinkUrl: sink.url,
          warmup: plan.warmup,
          content: plan.content,
        };
        const opts = { pin, profileDir, timeoutMs: 5 * 60_000 };
        children[v.id].push(await Child.start(config, opts));
      }
      rounds[v.id] = { plain: [], stream: [] };
      log(`${v.id}: ready`);
    } catch (err) {
      markBroken(v.id, err);
      for (const c of children[v.id]) c.kill();
    }
  }
  const ids = Object.keys(rounds);
  for (let r = 0; r < plan.rounds; r++) {
    const order = ids.map((_, i) => ids[(i + r) % ids.length]);
    const modes = r % 2 === 0 ? MODES : [...MODES].reverse();
    for (const id of order) {
      if (byId[id].status !== 'ok') continue;
      const child = children[id][r % plan.processes];
      try {
        for (const mode of modes) rounds[id][mode].push(await child.round(mode, plan.n));
      } catch (err) {
        markBroken(id, err);
        for (const c of children[id]) c.kill();
      }
    }
    log(`round ${r + 1}/${plan.rounds} done`);
  }
  const done = {};
  for (const id of ids) {
    if (byId[id].status !== 'ok') continue;
    try {
      const all = [];
      for (const c of children[id]) all.push(await c.finish());
      const sum = (k) => all.reduce((s, d) => s + d[k], 0);
      done[id] = {
        totalCalls: sum('totalCalls'),
        exportedSpans: sum('exportedSpans'),
        failedBatches: sum('failedBatches'),
        cpuUs: sum('cpuUs'),
        warmupSpans: Math.min(...children[id].map((c) => c.ready.warmupSpans)),
      };
    } catch (err) {
      markBroken(id, err);
    }
  }
  return { children, rounds, done };
}

async function main() {
  prepare();
  const pin = !opt['no-pin'] && canPin();
  if (pin) pinSelf();
  const mock = await startMock();
  const sink = await startSink();
  const profileDir = opt.profile ? join(benchDir, 'results', 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  log(
    `mock: ${mock.kind}; ${plan.processes} process(es) per variant, ${plan.warmup} warm-up + ` +
      `${plan.rounds} × ${plan.n} timed calls per mode and variant` +
      `${pin ? '; servers on CPU 0, measured processes on CPU 1' : ''}`,
  );
  const started = Date.now();
  const cpuBefore = machineCpu();
  const ownBefore = process.cpuUsage();
  const { children, rounds, done } = await measure(mock, sink, pin, profileDir);
  const own = process.cpuUsage(ownBefore);
  const childCpu = Object.values(done).reduce((s, d) => s + d.cpuUs, 0);
  const noise = interference(
    cpuBefore,
    machineCpu(),
    own.user + own.system + childCpu,
    Date.now() - started,
  );
  const sinkStats = { ...sink.stats };
  await sink.close();
  await mock.close();

  for (const v of selected) {
    const b = byId[v.id];
    if (b.status !== 'ok') continue;
    const ready = children[v.id][0].ready;
    b.versions = ready.versions;
    b.capabilities = v.id === 'none' || v.reference ? null : capabilities(ready.probe);
    b.chunks = ready.chunks;
    b.probe = ready.probe;
    b.spans = { calls: done[v.id].totalCalls, exported: done[v.id].exportedSpans };
    const problem = verdict(v.id, done[v.id]);
    if (problem) {
      markBroken(v.id, problem);
      continue;
    }
    for (const mode of MODES) b[mode] = summarizeRounds(rounds[v.id][mode]);
  }
  if (byId.none?.status !== 'ok') {
    log(`the baseline did not run (${byId.none?.reason}); no figures`);
    process.exitCode = 1;
    return;
  }
  const best = compare(byId);
  const order = selected.map((v) => v.id);

  const env = environment();
  const stamp = new Date().toISOString();
  console.log(`\n${env.cpu}, ${env.cores} cores, Node ${env.node}; mock: ${mock.kind}`);
  console.log(
    `${plan.rounds} interleaved rounds × ${plan.n} calls per mode and variant over ` +
      `${plan.processes} process(es) each, median of rounds; ` +
      `message content ${plan.content ? 'captured' : 'not captured'} by every variant\n`,
  );
  if (noise) {
    const pct = (x) => `${(100 * x).toFixed(0)}%`;
    console.log(
      `other processes used ${pct(noise.othersShare)} of the machine during the run` +
        `${noise.stealShare > 0.01 ? `, the hypervisor stole ${pct(noise.stealShare)}` : ''}` +
        `${noise.othersShare > 0.05 ? ' — figures are noisier than on a quiet machine' : ''}\n`,
    );
  }
  console.log(figuresTable(byId, order, best));
  console.log('What the exported spans contain (from the probe calls):\n');
  console.log(capabilityTable(byId, order));
  for (const v of selected) {
    if (byId[v.id].status !== 'ok')
      console.log(`\n${v.id}: ${byId[v.id].status}: ${byId[v.id].reason}`);
  }
  const g = byId['genai-otel'];
  if (g?.status === 'ok' && best.plain.wall) {
    console.log('\ngenai-otel overhead ÷ best peer overhead (target ≤ 0.50):');
    for (const mode of MODES) {
      const parts = Object.keys(best[mode]).map(
        (m) => `${m} ${g[mode][m].overheadToBestPeer.toFixed(2)} (vs ${best[mode][m].id})`,
      );
      console.log(`  ${mode}: ${parts.join(', ')}`);
    }
  }

  if (profileDir) {
    const calls = Object.fromEntries(Object.entries(done).map(([id, d]) => [id, d.totalCalls]));
    console.log(`\n${summarizeProfiles(profileDir, opt.profile, calls)}`);
    return;
  }
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = opt.out ?? join(resultsDir, `${stamp.replace(/:/g, '-').replace(/\..+/, '')}.json`);
  const out = {
    date: stamp,
    env,
    mock: mock.kind,
    plan,
    pinned: pin,
    interference: noise,
    sink: sinkStats,
    best,
    variants: byId,
  };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`results: ${file} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
