// Reads the V8 CPU profiles written with --profile and says where an instrumented process spends
// the time the baseline does not: self time per package (µs per call) for none, the bare-span
// reference and the profiled variant, time spent under each package's frames (inclusive), and
// the functions that gained the most self time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from './report.mjs';

/** Which package (or runtime module) a frame belongs to. */
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
 * Self and inclusive time per package and self time per function, idle excluded, in µs.
 * @param {any} profile a parsed .cpuprofile
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
 * @param {string} dir where the children wrote `<variant>.cpuprofile`
 * @param {string} target the profiled variant
 * @param {Record<string, number>} calls calls each profiled child made, by variant id
 */
export function summarizeProfiles(dir, target, calls) {
  const ids = Object.keys(calls);
  const a = Object.fromEntries(
    ids.map((id) => [id, analyze(JSON.parse(readFileSync(join(dir, `${id}.cpuprofile`), 'utf8')))]),
  );
  const per = (id, us) => us / calls[id];
  const f2 = (x) => x.toFixed(2);
  const t = a[target];
  const keys = new Set(ids.flatMap((id) => [...a[id].self.keys()]));
  const rows = [...keys]
    .map((k) => {
      const selfOf = (id) => per(id, a[id].self.get(k) ?? 0);
      return {
        k,
        cells: ids.map(selfOf),
        d: selfOf(target) - selfOf('none'),
        inc: per(target, t.inclusive.get(k) ?? 0),
      };
    })
    .filter((r) => Math.abs(r.d) >= 0.5 || r.inc >= 2)
    .sort((x, y) => y.d - x.d);
  const out = [
    `CPU profile: µs of CPU per call by package (self time; plain and streamed calls together; idle excluded)`,
    '',
    table(
      ['package', ...ids.map((id) => `self ${id}`), `${target} − none`, `inclusive ${target}`],
      rows.map((r) => [r.k, ...r.cells.map(f2), f2(r.d), f2(r.inc)]),
    ),
    '',
    `busy CPU per call: ${ids.map((id) => `${id} ${f2(per(id, a[id].totalUs))}`).join(', ')}`,
    '',
    `functions with the most extra self time in ${target} over none (µs/call):`,
    '',
  ];
  const base = a.none;
  const fnKeys = new Set([...t.fns.keys(), ...base.fns.keys()]);
  const top = [...fnKeys]
    .map((k) => [k, per(target, t.fns.get(k) ?? 0) - per('none', base.fns.get(k) ?? 0)])
    .sort((x, y) => y[1] - x[1])
    .slice(0, 30);
  out.push(
    table(
      ['function', 'self Δ'],
      top.map(([k, v]) => [k, f2(v)]),
    ),
  );
  return out.join('\n');
}
