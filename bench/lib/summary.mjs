// The one table a run ends with: every target the benchmarks check, what was measured, the ratio
// to the target and whether it was met, for the peers comparison and each component benchmark.
import { formatNumber, formatTarget, meets, ratioToTarget, verdictLine } from './component-io.mjs';
import { table } from './report.mjs';
import { MODES } from './stats.mjs';

/** The peers' target: genai-otel's overhead at most half the best working peer's. */
export const PEER_TARGET = 0.5;

const TRANSPORT = { http: 'over HTTP', memory: 'in memory' };
const MODE = { plain: 'plain chat', stream: 'streamed chat' };

/**
 * One target per session and mode, on CPU time (the steadier measure on a shared machine).
 * Not measured when genai-otel did not run, or when the best peer's overhead is not
 * distinguishable from zero (a ratio to it would be noise).
 * @param {Record<string, any>} sessions by transport
 */
export function peerTargets(sessions) {
  const out = [];
  for (const [transport, s] of Object.entries(sessions ?? {})) {
    for (const mode of MODES) {
      const g = s.variants?.['genai-otel'];
      const best = s.best?.[mode]?.cpu;
      let measured = null;
      let note;
      if (g?.status !== 'ok') note = `genai-otel ${g ? g.status : 'not run'}`;
      else if (!best) note = 'no working peer';
      else if (!(best.lowUs > 0)) note = `${best.id}'s overhead not distinguishable from 0`;
      else {
        measured = g[mode].cpu.overheadToBestPeer;
        const [lo, hi] = g[mode].cpu.overheadToBestPeerInterval ?? [];
        note = Number.isFinite(lo)
          ? `vs ${best.id}, 95% CI ${lo.toFixed(2)}–${hi.toFixed(2)}`
          : `vs ${best.id}`;
      }
      out.push({
        id: `${transport}/${mode}`,
        what: `genai-otel overhead ÷ best peer's, ${MODE[mode]}, ${TRANSPORT[transport] ?? transport}, CPU time`,
        compare: '<=',
        target: PEER_TARGET,
        unit: '×',
        measured,
        note,
      });
    }
  }
  return out.map((t) => ({ ...t, met: meets(t), ratio: ratioToTarget(t) }));
}

/**
 * @param {Record<string, any>|undefined} sessions the peers' sessions, when they ran
 * @param {Record<string, any>|undefined} components component results by name
 * @returns {{bench: string, what: string, target: string, measured: string, ratio: string, verdict: string}[]}
 */
export function summaryRows(sessions, components) {
  const rows = [];
  const push = (bench, t) =>
    rows.push({
      bench,
      what: t.what,
      target: formatTarget(t),
      measured:
        t.measured === null
          ? `not measured${t.note ? ` (${t.note})` : ''}`
          : `${formatNumber(t.measured)} ${t.unit}${t.note ? ` (${t.note})` : ''}`,
      ratio: t.ratio === null ? '–' : formatNumber(t.ratio),
      verdict: verdict(t),
    });
  if (sessions) for (const t of peerTargets(sessions)) push('peers', t);
  for (const [name, r] of Object.entries(components ?? {})) {
    if (r.status !== 'ok') {
      rows.push({
        bench: name,
        what: r.title ?? name,
        target: '',
        measured: '',
        ratio: '',
        verdict: `failed: ${r.reason}`,
      });
      continue;
    }
    for (const t of r.targets) push(name, t);
  }
  return rows;
}

function verdict(t) {
  if (t.compare === null || t.target === null) return '(no target)';
  if (t.met === null) return 'not measured';
  return t.met ? 'met' : 'MISSED';
}

/** @param {ReturnType<typeof summaryRows>} rows */
export function summaryTable(rows) {
  return table(
    ['benchmark', 'what', 'target', 'measured', 'measured ÷ target', 'verdict'],
    rows.map((r) => [r.bench, r.what, r.target, r.measured, r.ratio, r.verdict]),
  );
}

/** A component's verdict lines and machine load, as a run prints them again from a results file. */
export function componentReport(r) {
  if (r.status !== 'ok') return `${r.bench}: ${r.status}: ${r.reason}`;
  const m = r.machine;
  const load = `load average ${m.loadAverage.map((x) => x.toFixed(1)).join(' → ')}`;
  const others = m.othersShare === null ? '' : `, others used ${(100 * m.othersShare).toFixed(0)}%`;
  return [
    `## ${r.bench} — ${r.title}${r.quick ? ' (quick)' : ''}`,
    ...r.targets.map(verdictLine),
    `(${load} on ${m.cores} cores${others}; ${m.seconds.toFixed(0)} s)`,
    '',
  ].join('\n');
}
