#!/usr/bin/env node
// Per-call overhead of OpenAI instrumentations, side by side, in one run.
//   node run.mjs [--quick] [--variants=a,b] [--content] [--profile=<variant>] [--no-pin]
//                [--warmup=N] [--rounds=K] [--n=N]
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
  },
});

// Full run: 800 (+400 after a gc) warm-up + 16 × 750 timed calls per mode and variant (many short
// rounds pair up better against the baseline's). --quick keeps the shape at a tenth of the calls.
const preset = opt.quick ? { warmup: 200, rounds: 6, n: 200 } : { warmup: 800, rounds: 16, n: 750 };
const num = (s, d) => (s === undefined ? d : Number.parseInt(s, 10));
const plan = {
  warmup: num(opt.warmup, preset.warmup),
  rounds: num(opt.rounds, preset.rounds),
  n: num(opt.n, preset.n),
  content: opt.content,
};

let selected = variants;
if (opt.variants) {
  const ids = new Set(['none', ...opt.variants.split(',')]);
  selected = variants.filter((v) => ids.has(v.id));
}
if (opt.profile) selected = variants.filter((v) => v.id === 'none' || v.id === opt.profile);

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
      if (v.id === 'genai-otel') ensureGenaiOtelBuilt();
    } catch (err) {
      byId[v.id].status = 'unavailable';
      byId[v.id].reason = String(err.message ?? err);
      log(`${v.id}: ${byId[v.id].reason}`);
    }
  }
}

function ensureGenaiOtelBuilt() {
  const req = createRequire(join(benchDir, 'package.json'));
  const pkgDir = join(req.resolve('@genai-otel/instrumentation-openai/package.json'), '..');
  if (existsSync(join(pkgDir, 'dist', 'index.js'))) return;
  log('building @genai-otel/instrumentation-openai');
  const r = spawnSync('pnpm', ['--filter', '@genai-otel/instrumentation-openai', 'build'], {
    cwd: benchDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(join(pkgDir, 'dist', 'index.js'))) {
    throw new Error('@genai-otel/instrumentation-openai has no dist/ and did not build');
  }
}

/** The real mock server when it is built; the in-bench stand-in otherwise (labelled). */
async function startMock() {
  try {
    const { startMockLLMServer } = await import('@genai-otel/mock-llm-server');
    const server = await startMockLLMServer({ port: 0, latencyMs: 0 });
    return { kind: '@genai-otel/mock-llm-server', url: server.url, close: () => server.close() };
  } catch (err) {
    log(`@genai-otel/mock-llm-server not usable (${err.code ?? err.message}); using the stand-in`);
    const { startInstantMock } = await import('./lib/instant-mock.mjs');
    const server = await startInstantMock();
    return { kind: 'in-bench stand-in (not for publication)', ...server };
  }
}

/** Checks a child's report: spans exported for every instrumented call, none for the baseline. */
function verdict(id, ready, done) {
  if (id === 'none') {
    return done.exportedSpans === 0 ? null : `baseline exported ${done.exportedSpans} spans`;
  }
  if (ready.warmupSpans === 0) return 'records nothing: no span exported during warm-up';
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
 * Starts every variant's child (each probes and warms up alone), then runs the rounds interleaved:
 * round r visits the variants in an order rotated by r, and alternates which mode goes first.
 */
async function measure(mock, sink, pin, profileDir) {
  const children = {};
  const rounds = {};
  for (const v of selected) {
    if (byId[v.id].status !== 'ok') continue;
    try {
      children[v.id] = await Child.start(
        {
          variant: v.id,
          mockUrl: `${mock.url}/v1`,
          sinkUrl: sink.url,
          warmup: plan.warmup,
          content: plan.content,
        },
        { pin, profileDir, timeoutMs: 5 * 60_000 },
      );
      rounds[v.id] = { plain: [], stream: [] };
      log(`${v.id}: ready`);
    } catch (err) {
      markBroken(v.id, err);
    }
  }
  const ids = Object.keys(children);
  for (let r = 0; r < plan.rounds; r++) {
    const order = ids.map((_, i) => ids[(i + r) % ids.length]);
    const modes = r % 2 === 0 ? MODES : [...MODES].reverse();
    for (const id of order) {
      if (byId[id].status !== 'ok') continue;
      try {
        for (const mode of modes) rounds[id][mode].push(await children[id].round(mode, plan.n));
      } catch (err) {
        markBroken(id, err);
        children[id].kill();
      }
    }
    log(`round ${r + 1}/${plan.rounds} done`);
  }
  const done = {};
  for (const id of ids) {
    if (byId[id].status !== 'ok') continue;
    try {
      done[id] = await children[id].finish();
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
    `mock: ${mock.kind}; ${plan.warmup} warm-up + ${plan.rounds} × ${plan.n} timed calls per mode and variant` +
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
    const ready = children[v.id].ready;
    b.versions = ready.versions;
    b.capabilities = v.id === 'none' || v.reference ? null : capabilities(ready.probe);
    b.chunks = ready.chunks;
    b.probe = ready.probe;
    b.spans = { calls: done[v.id].totalCalls, exported: done[v.id].exportedSpans };
    const problem = verdict(v.id, ready, done[v.id]);
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
    `${plan.rounds} interleaved rounds × ${plan.n} calls per mode and variant, median of rounds; ` +
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
    console.log(`\n${summarizeProfiles(profileDir, order, plan)}`);
    return;
  }
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${stamp.replace(/:/g, '-').replace(/\..+/, '')}.json`);
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
