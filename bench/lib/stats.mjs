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

/** The q-quantile (0–1) by nearest rank below, e.g. 0.25 for the first quartile. */
export function quantile(xs, q) {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Per-round differences to the baseline (rounds paired by index). */
function pairedDiffs(rounds, baseRounds) {
  const k = Math.min(rounds.length, baseRounds.length);
  return Array.from({ length: k }, (_, i) => rounds[i] - baseRounds[i]);
}

/** Median of per-round differences to the baseline. */
export function pairedOverhead(rounds, baseRounds) {
  return median(pairedDiffs(rounds, baseRounds));
}

/** Small seeded PRNG (mulberry32), so the same rounds always give the same interval. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 95% bootstrap interval of the paired overhead's median: how far the figure could move on
 * another run of the same machine in the same state.
 * @returns {[number, number]}
 */
export function pairedOverheadInterval(rounds, baseRounds, resamples = 2000) {
  const d = pairedDiffs(rounds, baseRounds);
  if (d.length < 2) return [Number.NaN, Number.NaN];
  const rand = prng(d.length * 7919);
  const meds = new Float64Array(resamples);
  const pick = new Array(d.length);
  for (let i = 0; i < resamples; i++) {
    for (let j = 0; j < d.length; j++) pick[j] = d[Math.floor(rand() * d.length)];
    meds[i] = median(pick);
  }
  meds.sort();
  return [meds[Math.floor(resamples * 0.025)], meds[Math.floor(resamples * 0.975)]];
}

/**
 * 95% bootstrap interval of (median paired overhead of `rounds`) ÷ (that of `peerRounds`), both
 * against `baseRounds`: rounds of one index ran back to back, so an index is resampled whole, all
 * three variants together. The ratio's interval, not just each overhead's, is what says whether
 * "at most half the best peer's" holds.
 * @returns {[number, number]}
 */
export function pairedRatioInterval(rounds, peerRounds, baseRounds, resamples = 2000) {
  const k = Math.min(rounds.length, peerRounds.length, baseRounds.length);
  if (k < 2) return [Number.NaN, Number.NaN];
  const rand = prng(k * 104729);
  const ratios = new Float64Array(resamples);
  const a = new Array(k);
  const b = new Array(k);
  for (let i = 0; i < resamples; i++) {
    for (let j = 0; j < k; j++) {
      const x = Math.floor(rand() * k);
      a[j] = rounds[x] - baseRounds[x];
      b[j] = peerRounds[x] - baseRounds[x];
    }
    ratios[i] = median(a) / median(b);
  }
  ratios.sort();
  return [ratios[Math.floor(resamples * 0.025)], ratios[Math.floor(resamples * 0.975)]];
}

/**
 * @param {{usPerCall: number, cpuUsPerCall: number, p50: number, p99: number}[]} rounds
 */
export function summarizeRounds(rounds) {
  const out = {
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    // Share of the machine other processes used during each kept round, and re-runs for noise.
    othersShare: rounds.map((r) => r.othersShare ?? null),
    retries: rounds.reduce((n, r) => n + (r.retries ?? 0), 0),
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
        x.overheadInterval =
          base && v.id !== 'none'
            ? pairedOverheadInterval(x.rounds, base.rounds)
            : [Number.NaN, Number.NaN];
        x.ratioToNone = base ? x.us / base.us : Number.NaN;
      }
      const peers = ok.filter((v) => v.peer);
      const top = peers.reduce(
        (a, b) => (b[mode][m].overheadUs < a[mode][m].overheadUs ? b : a),
        peers[0],
      );
      best[mode][m] = top
        ? {
            id: top.id,
            overheadUs: top[mode][m].overheadUs,
            lowUs: top[mode][m].overheadInterval[0],
          }
        : null;
      for (const v of ok) {
        if (v.id === 'none') continue;
        v[mode][m].overheadToBestPeer = top
          ? v[mode][m].overheadUs / top[mode][m].overheadUs
          : Number.NaN;
        v[mode][m].overheadToBestPeerInterval =
          top && base && v.id !== top.id
            ? pairedRatioInterval(v[mode][m].rounds, top[mode][m].rounds, base.rounds)
            : [Number.NaN, Number.NaN];
      }
    }
  }
  return best;
}
