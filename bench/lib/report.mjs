// Markdown tables (they read fine in a terminal and paste straight into the README).
import { MODES } from './stats.mjs';

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
// `+ 0` turns -0 into 0, so an interval never reads "-0".
const f0 = (x) => (Number.isFinite(x) ? (Math.round(x) + 0).toFixed(0) : '–');
/** An overhead with its 95% interval, e.g. `66.0 (54–78)`. */
const withInterval = (m) =>
  Number.isFinite(m.overheadInterval?.[0])
    ? `${f1(m.overheadUs)} (${f0(m.overheadInterval[0])}–${f0(m.overheadInterval[1])})`
    : f1(m.overheadUs);

/** @param {string[]} head @param {string[][]} rows */
export function table(head, rows) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join(
    '\n',
  );
}

export const MODE_TITLES = {
  plain: 'chat.completions.create',
  stream: 'streamed chat (stream: true, every chunk read)',
};

/**
 * Overhead ÷ best peer's, only where the best peer's overhead is measurably above zero (its 95%
 * interval excludes 0): dividing by an overhead lost in the noise gives nonsense like 47×.
 */
function vsBest(id, m, best) {
  if (id === 'none' || !best || !(best.lowUs > 0)) return '–';
  const [lo, hi] = m.overheadToBestPeerInterval ?? [];
  return Number.isFinite(lo)
    ? `${f2(m.overheadToBestPeer)} (${f2(lo)}–${f2(hi)})`
    : f2(m.overheadToBestPeer);
}

/**
 * @param {Record<string, any>} byId
 * @param {string[]} order variant ids
 * @param {Record<string, Record<string, {id: string, overheadUs: number}|null>>} best
 */
export function figuresTable(byId, order, best) {
  const out = [];
  for (const mode of MODES) {
    const rows = order.map((id) => {
      const v = byId[id];
      if (v.status !== 'ok') return [v.label, v.status, '', '', '', '', '', '', ''];
      const { wall, cpu } = v[mode];
      const none = id === 'none';
      return [
        v.label,
        f1(wall.us),
        `${f1(wall.min)}–${f1(wall.max)}`,
        none ? '0' : withInterval(wall),
        none ? '1.00' : f2(wall.ratioToNone),
        vsBest(id, wall, best[mode].wall),
        f1(cpu.us),
        none ? '0' : withInterval(cpu),
        vsBest(id, cpu, best[mode].cpu),
      ];
    });
    out.push(`${MODE_TITLES[mode]}:\n`);
    out.push(
      table(
        [
          'variant',
          'µs/call',
          'rounds min–max',
          'overhead µs (95% CI)',
          '× none',
          'overhead ÷ best peer',
          'CPU µs/call',
          'CPU overhead µs (95% CI)',
          'CPU overhead ÷ best peer',
        ],
        rows,
      ),
    );
    out.push('');
  }
  return out.join('\n');
}

/** @param {Record<string, any>} byId @param {string[]} order */
export function capabilityTable(byId, order) {
  const rows = order
    .filter((id) => id !== 'none' && !byId[id].reference)
    .map((id) => {
      const v = byId[id];
      const c = v.capabilities;
      if (!c) return [v.label, v.status, '', '', '', ''];
      return [
        v.label,
        `${c.spansPerCall.plain}/${c.spansPerCall.stream}`,
        c.usageOnStream,
        c.cachedTokens,
        c.reasoningTokens,
        c.timeToFirstChunk,
      ];
    });
  return table(
    [
      'variant',
      'spans per call (plain/stream)',
      'usage on stream',
      'cached tokens',
      'reasoning tokens',
      'time to first chunk',
    ],
    rows,
  );
}

const pct = (x) => `${(100 * x).toFixed(0)}%`;

export const TRANSPORT_TITLES = {
  http: 'over HTTP to the mock server',
  memory: "the mock server's answers replayed in memory (no sockets)",
};

/**
 * Everything a session prints: its plan, how noisy the machine was, the figures, the capability
 * table, what broke, and the target check.
 * @param {ReturnType<typeof import('./session.mjs').runSession> extends Promise<infer S> ? S : never} s
 * @param {string[]} order variant ids
 */
export function sessionReport(s, order) {
  const { plan, variants: byId, best } = s;
  const out = [
    `## ${TRANSPORT_TITLES[plan.transport]}`,
    '',
    `${plan.rounds} interleaved rounds × ${plan.n} calls per mode and variant over ` +
      `${plan.processes} process(es) each, median of rounds; message content ` +
      `${plan.content ? 'captured' : 'not captured'} by every variant.`,
  ];
  if (s.interference) {
    out.push(
      `Other processes used ${pct(s.interference.othersShare)} of the machine during the session` +
        `${s.interference.stealShare > 0.01 ? `, the hypervisor stole ${pct(s.interference.stealShare)}` : ''}.`,
    );
  }
  const kept = Object.values(byId)
    .filter((v) => v.status === 'ok')
    .flatMap((v) => MODES.map((m) => v[m]));
  const shares = kept.flatMap((m) => m.othersShare).filter((x) => x !== null);
  if (shares.length > 0) {
    const retries = kept.reduce((n, m) => n + m.retries, 0);
    const over = shares.filter((x) => x > plan.maxNoise).length;
    const sorted = [...shares].sort((a, b) => a - b);
    out.push(
      `Rounds re-run because others used more than ${pct(plan.maxNoise)} of it: ${retries}; ` +
        `in the rounds kept they used ${pct(sorted[sorted.length >> 1])} (median), ` +
        `${over} of ${shares.length} rounds above the limit.`,
    );
  }
  out.push('');
  if (!best) {
    out.push(`The baseline did not run (${byId.none?.reason}); no figures.`);
    return out.join('\n');
  }
  out.push(figuresTable(byId, order, best));
  out.push('What the exported spans contain (from the probe calls):\n');
  out.push(capabilityTable(byId, order));
  for (const id of order) {
    if (byId[id].status !== 'ok') out.push(`\n${id}: ${byId[id].status}: ${byId[id].reason}`);
  }
  const g = byId['genai-otel'];
  if (g?.status === 'ok' && best.plain.wall) {
    out.push('\ngenai-otel overhead ÷ best peer overhead (target ≤ 0.50):');
    for (const mode of MODES) {
      const parts = Object.keys(best[mode]).map((m) =>
        best[mode][m].lowUs > 0
          ? `${m} ${vsBest('genai-otel', g[mode][m], best[mode][m])} (vs ${best[mode][m].id}; 95% CI in brackets)`
          : `${m} – (best peer ${best[mode][m].id}'s overhead is not distinguishable from 0)`,
      );
      out.push(`  ${mode}: ${parts.join(', ')}`);
    }
  }
  out.push('');
  return out.join('\n');
}
