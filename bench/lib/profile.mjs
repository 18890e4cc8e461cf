// Reads the V8 CPU profiles written with --profile and says where an instrumented process spends
// the time the baseline does not: self time per package (µs per call, variant vs none), time
// spent under each package's frames (inclusive), and the hottest functions of the variant.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from './report.mjs';

/** Which package (or runtime part) a frame belongs to. */
export function packageOf(frame) {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url;
  const ws = /\/packages\/([^/]+)\//.exec(url);
  if (ws && !url.includes('/node_modules/')) return `@genai-otel/${ws[1]}`;
  const nm = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm) return nm[1];
  if (url.includes('/bench/')) return 'bench harness';
  return url;
}

/**
 * @param {any} profile a parsed .cpuprofile
 * @returns {{self: Map<string, number>, inclusive: Map<string, number>, fns: Map<string, number>, totalUs: number}}
 */
export function analyze(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const inclusive = new Map();
  const fns = new Map();
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    const pkg = packageOf(node.callFrame);
    if (pkg === '(idle)') return;
    totalUs += dt;
    add(self, pkg, dt);
    const f = node.callFrame;
    add(fns, `${pkg} ${f.functionName || '(anonymous)'} :${f.lineNumber + 1}`, dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const p = packageOf(byId.get(cur).callFrame);
      if (!seen.has(p)) {
        seen.add(p);
        add(inclusive, p, dt);
      }
    }
  });
  return { self, inclusive, fns, totalUs };
}

/**
 * @param {string} dir where child.mjs wrote `<variant>.cpuprofile`
 * @param {string[]} ids `none` first, then the profiled variant
 * @param {{warmup: number, rounds: number, n: number}} plan
 */
export function summarizeProfiles(dir, ids, plan) {
  const calls = 2 * (plan.warmup + plan.rounds * plan.n);
  const per = (us) => (us / calls).toFixed(2);
  const a = Object.fromEntries(
    ids.map((id) => [id, analyze(JSON.parse(readFileSync(join(dir, `${id}.cpuprofile`), 'utf8')))]),
  );
  const target = ids.find((id) => id !== 'none');
  const base = a.none;
  const t = a[target];
  const keys = [...new Set([...base.self.keys(), ...t.self.keys()])];
  const rows = keys
    .map((k) => {
      const b = base.self.get(k) ?? 0;
      const v = t.self.get(k) ?? 0;
      return { k, b, v, d: v - b, inc: t.inclusive.get(k) ?? 0 };
    })
    .sort((x, y) => y.d - x.d)
    .filter((r) => Math.abs(r.d) / calls >= 0.05 || r.inc / calls >= 0.5);
  const out = [
    `CPU profile, ${target} vs none: µs of CPU per call (plain and streamed calls together, ${calls} calls each; idle excluded)`,
    '',
    table(
      ['package', 'self none', `self ${target}`, 'self Δ', `inclusive ${target}`],
      rows.map((r) => [r.k, per(r.b), per(r.v), per(r.d), per(r.inc)]),
    ),
    '',
    `total busy: none ${per(base.totalUs)} µs/call, ${target} ${per(t.totalUs)} µs/call`,
    '',
    `functions with the largest extra self time in ${target} over none (µs/call):`,
    '',
  ];
  const fnKeys = new Set([...t.fns.keys(), ...base.fns.keys()]);
  const top = [...fnKeys]
    .map((k) => [k, (t.fns.get(k) ?? 0) - (base.fns.get(k) ?? 0)])
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((x, y) => y[1] - x[1])
    .slice(0, 30);
  out.push(
    table(
      ['function', 'self Δ'],
      top.map(([k, v]) => [k, per(v)]),
    ),
  );
  return out.join('\n');
}
