// Issue 17: a lighter start. `node --import @genai-otel/register` on an empty app with the demo's
// config (collector-config/local.yaml: genai receiver, genai_cost, batch, genai_metrics, file,
// debug, otlp_http, prometheus) against a minimal @opentelemetry/sdk-node + OTLP/HTTP set-up
// (peers/sdk-node/start.mjs) and a bare `node`. Target: ≤ 0.8× the sdk-node set-up's CPU time and
// peak RSS.
//
//   node bench/components/startup.mjs [--quick] [--json] [--runs=N]
//
// Each run is a fresh process; the three set-ups alternate (order rotated every round). CPU time
// and peak RSS are the process's own at its exit (process.resourceUsage), taken by a first
// --import shared by all three. Figures are medians of runs; the ratios are medians of per-round
// ratios with a bootstrap 95% interval.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentArgs, formatNumber, sized, startComponent } from '../lib/component-io.mjs';
import { ensureInstalled } from '../lib/peers.mjs';
import { median, pairedOverheadInterval } from '../lib/stats.mjs';
import { benchDir, peersDir } from '../lib/variants.mjs';

const args = componentArgs({ runs: { type: 'string' } });
const bench = startComponent('startup', args);
const RUNS = sized(args.runs, 15, 5, args.quick);
const sdkNodeDir = join(peersDir, 'sdk-node');
const app = join(benchDir, 'components', 'startup', 'empty-app.mjs');
const usage = join(benchDir, 'components', 'startup', 'report-usage.mjs');
const config = join(benchDir, '..', 'collector-config', 'local.yaml');

ensureInstalled(sdkNodeDir, (line) => bench.say(line));
const out = mkdtempSync(join(tmpdir(), 'startup-bench-'));

const SETUPS = {
  node: [],
  'sdk-node': ['--import', join(sdkNodeDir, 'start.mjs')],
  'genai-otel': ['--import', '@genai-otel/register'],
};
const env = {
  ...process.env,
  GENAI_OTEL_CONFIG: config,
  GENAI_OTEL_OUT_DIR: out,
  // Any free port: the Prometheus endpoint is served, as in the demo, without clashing.
  GENAI_OTEL_PROMETHEUS_ENDPOINT: '127.0.0.1:0',
  // Nothing listens there; an empty app exports nothing anyway.
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
};

function runOnce(name) {
  const file = join(out, `${name}.json`);
  const r = spawnSync(process.execPath, ['--import', usage, ...SETUPS[name], app], {
    cwd: benchDir,
    env: { ...env, STARTUP_USAGE_FILE: file },
    encoding: 'utf8',
  });
  if (r.status !== 0 || /could not start|error/i.test(r.stderr)) {
    throw new Error(`${name} did not start cleanly (exit ${r.status}): ${r.stderr.trim()}`);
  }
  const u = JSON.parse(readFileSync(file, 'utf8'));
  return { cpuMs: u.cpuUs / 1000, rssMiB: u.maxRssKiB / 1024 };
}

const names = Object.keys(SETUPS);
for (const n of names) runOnce(n); // disk cache warm
const runs = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < RUNS; r++) {
  for (let i = 0; i < names.length; i++) {
    const n = names[(i + r) % names.length];
    runs[n].push(runOnce(n));
  }
}
rmSync(out, { recursive: true, force: true });

const pick = (n, k) => runs[n].map((x) => x[k]);
/** Median of per-round ratios, and its bootstrap 95% interval (on the logs, paired by round). */
function ratio(k) {
  const a = pick('genai-otel', k).map(Math.log);
  const b = pick('sdk-node', k).map(Math.log);
  const d = a.map((x, i) => x - b[i]);
  const [lo, hi] = pairedOverheadInterval(a, b);
  return { median: Math.exp(median(d)), interval: [Math.exp(lo), Math.exp(hi)] };
}
const figures = { runs: RUNS, setups: {}, ratios: { cpu: ratio('cpuMs'), rss: ratio('rssMiB') } };
bench.say(`${RUNS} runs per set-up, an empty app, medians:`);
for (const n of names) {
  const cpu = median(pick(n, 'cpuMs'));
  const rss = median(pick(n, 'rssMiB'));
  figures.setups[n] = { cpuMs: cpu, rssMiB: rss, runs: runs[n] };
  bench.say(`  ${n.padEnd(11)} CPU ${formatNumber(cpu)} ms, peak RSS ${formatNumber(rss)} MiB`);
}
const { cpu, rss } = figures.ratios;
const ci = (x) => `95% CI [${formatNumber(x.interval[0])}, ${formatNumber(x.interval[1])}]`;
const above = (n, k) => figures.setups[n][k] - figures.setups.node[k];
bench.say(
  `  above bare node: genai-otel ${formatNumber(above('genai-otel', 'cpuMs'))} ms / ${formatNumber(above('genai-otel', 'rssMiB'))} MiB, sdk-node ${formatNumber(above('sdk-node', 'cpuMs'))} ms / ${formatNumber(above('sdk-node', 'rssMiB'))} MiB`,
);

bench.finish({
  title: 'start-up of node --import @genai-otel/register',
  targets: [
    {
      id: 'cpu',
      what: 'start-up CPU time, genai-otel (demo config) ÷ minimal sdk-node + OTLP',
      compare: '<=',
      target: 0.8,
      unit: '×',
      measured: cpu.median,
      note: ci(cpu),
    },
    {
      id: 'rss',
      what: 'start-up peak RSS, genai-otel (demo config) ÷ minimal sdk-node + OTLP',
      compare: '<=',
      target: 0.8,
      unit: '×',
      measured: rss.median,
      note: ci(rss),
    },
  ],
  figures,
});
