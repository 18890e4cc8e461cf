// Turns the rounds the children reported into per-variant figures: median of rounds, overhead
// against the uninstrumented baseline, and ratios against the best working peer. Two measures:
// wall time per call (what the app waits) and CPU time of the measured process per call (what the
// instrumentation burns; less sensitive to the mock server and to neighbours on the machine).

export const MODES = ['plain', 'stream'];

/** Per measure: the round field it comes from and the summary fields it fills. */
export const MEASURES = {
  wall: { field: 'usPerCall' },
  cpu: { field: 'cpuUsPerCall' },
};

/** @param {number[]} xs */
export function median(xs) {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median of per-round differences (rounds paired by index). */
export function pairedOverhead(rounds, baseRounds) {
  const k = Math.min(rounds.length, baseRounds.length);
  return median(Array.from({ length: k }, (_, i) => rounds[i] - baseRounds[i]));
}

/**
 * @param {{usPerCall: number, cpuUsPerCall: number, p50: number, p99: number}[]} rounds
 */
export function summarizeRounds(rounds) {
  const out = {
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
  };
  for (const [name, { field }] of Object.entries(MEASURES)) {
    const xs = rounds.map((r) => r[field]);
    out[name] = { us: median(xs), min: Math.min(...xs), max: Math.max(...xs), rounds: xs };
  }
  return out;
}

/**
 * Adds `overheadUs`, `ratioToNone` and `overheadToBestPeer` to every measure of each working
 * variant's mode summaries; returns the best peer (lowest overhead) per mode and measure.
 * The overhead is the median of per-round differences to the baseline's round of the same index:
 * rounds of one index run back to back across variants, so a slow minute of the machine cancels
 * out instead of landing on one variant.
 * @param {Record<string, any>} byId variants keyed by id, each with `status`, `peer` and, when
 *   ok, `plain`/`stream` summaries from {@link summarizeRounds}
 */
export function compare(byId) {
  const ok = Object.values(byId).filter((v) => v.status === 'ok');
  const best = {};
  for (const mode of MODES) {
    best[mode] = {};
    for (const m of Object.keys(MEASURES)) {
      const base = byId.none?.status === 'ok' ? byId.none[mode][m] : null;
      for (const v of ok) {
        const x = v[mode][m];
        x.overheadUs = base ? pairedOverhead(x.rounds, base.rounds) : Number.NaN;
        x.ratioToNone = base ? x.us / base.us : Number.NaN;
      }
      const peers = ok.filter((v) => v.peer);
      const top = peers.reduce(
        (a, b) => (b[mode][m].overheadUs < a[mode][m].overheadUs ? b : a),
        peers[0],
      );
      best[mode][m] = top ? { id: top.id, overheadUs: top[mode][m].overheadUs } : null;
      for (const v of ok) {
        if (v.id === 'none') continue;
        v[mode][m].overheadToBestPeer = top
          ? v[mode][m].overheadUs / top[mode][m].overheadUs
          : Number.NaN;
      }
    }
  }
  return best;
}
