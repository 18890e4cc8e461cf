// The peers comparison: per-call overhead of the OpenAI instrumentations side by side, one session
// per transport, against the mock server and the OTLP sink hosted in the runner's process.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from './ensure-built.mjs';
import { environment, interference, machineCpu } from './environment.mjs';
import { ensureInstalled } from './peers.mjs';
import { summarizeProfiles } from './profile.mjs';
import { sessionReport } from './report.mjs';
import { runSession } from './session.mjs';
import { startSink } from './sink.mjs';
import { pinSelf } from './spawn-child.mjs';
import { benchDir, variants } from './variants.mjs';

/**
 * @typedef {object} PeerOptions
 * @property {boolean} quick
 * @property {string} transport     `http,memory`
 * @property {string} [variants]    ids; `none` is always included
 * @property {boolean} content
 * @property {string} [profile]     a variant id: CPU profiles instead of figures
 * @property {string} [warmup]
 * @property {string} [rounds]
 * @property {string} [n]
 * @property {string} [processes]
 * @property {string} ['max-noise']
 */

const num = (s, d) => (s === undefined ? d : Number.parseInt(s, 10));

/**
 * Per transport: rounds × calls, and the seconds after which noisy rounds are no longer re-run.
 * A call is ~5× cheaper in memory, so it gets more calls per round. Full: two processes per
 * variant, 600 (+300 after a gc) warm-up calls per mode; --quick: one process, fewer of all.
 * @param {PeerOptions} opt
 * @param {'http'|'memory'} transport
 * @returns {import('./session.mjs').SessionPlan}
 */
export function planFor(opt, transport) {
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

/** @param {PeerOptions} opt */
function selectVariants(opt) {
  // Profiling runs the baseline, the bare-span reference and the profiled variant: the difference
  // between the last two is what the instrumentation itself costs on top of any span.
  if (opt.profile) {
    return variants.filter((v) => ['none', 'span-only', opt.profile].includes(v.id));
  }
  if (!opt.variants) return variants;
  const ids = new Set(['none', ...opt.variants.split(',')]);
  return variants.filter((v) => ids.has(v.id));
}

/** Installs the peers' folders and builds genai-otel; what cannot be had is reported, not fatal. */
function prepare(selected, log) {
  const unavailable = {};
  for (const v of selected) {
    try {
      if (v.peer) ensureInstalled(v.dir, log);
      // genai-otel runs its own pipeline: the sdk, and through it the instrumentation.
      if (v.id === 'genai-otel') ensureBuilt('@genai-otel/sdk', log);
    } catch (err) {
      unavailable[v.id] = { status: 'unavailable', reason: String(err.message ?? err) };
      log(`${v.id}: ${unavailable[v.id].reason}`);
    }
  }
  return unavailable;
}

/** The mock server runs in this (the runner's) process, never in a measured one. */
async function startMock(log) {
  ensureBuilt('@genai-otel/mock-llm-server', log);
  const { startMockLLMServer } = await import('@genai-otel/mock-llm-server');
  const server = await startMockLLMServer({ port: 0, latencyMs: 0 });
  return { kind: '@genai-otel/mock-llm-server', url: server.url, close: () => server.close() };
}

/** Says so up front when the machine is already busy: the figures will be noisier. */
async function checkQuiet(maxNoise, log) {
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

/**
 * Runs the comparison and prints its reports (or, with `profile`, the profile summary).
 * @param {PeerOptions} opt
 * @param {{pin: boolean, log: (s: string) => void}} ctx
 * @returns {Promise<{mock: string, sessions: Record<string, any>, ok: boolean}>}
 */
export async function runPeers(opt, { pin, log }) {
  const transports = opt.transport.split(',').filter((t) => t === 'http' || t === 'memory');
  if (transports.length === 0) throw new Error('--transport takes http, memory or both');
  // Profiles are written per variant name: one transport, one process each.
  if (opt.profile) transports.splice(1);
  const selected = selectVariants(opt);
  const unavailable = prepare(selected, log);
  await checkQuiet(planFor(opt, transports[0]).maxNoise, log);
  if (pin) pinSelf();
  const mock = await startMock(log);
  const sink = await startSink();
  const profileDir = opt.profile ? join(benchDir, 'results', 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  if (pin) log('servers on CPU 0, measured processes on CPU 1');

  const sessions = {};
  try {
    for (const t of transports) {
      const plan = planFor(opt, t);
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

  const order = selected.map((v) => v.id);
  const env = environment();
  console.log(`\n${env.cpu}, ${env.cores} cores, Node ${env.node}; mock: ${mock.kind}\n`);
  for (const t of transports) console.log(sessionReport(sessions[t], order));
  if (profileDir) {
    console.log(summarizeProfiles(profileDir, opt.profile, sessions[transports[0]].calls));
    console.log(
      '(timings under the profiler are inflated: read where the time goes, not how much)',
    );
  }
  return { mock: mock.kind, sessions, ok: Object.values(sessions).every((s) => s.best) };
}
