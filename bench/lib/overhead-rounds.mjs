// The timing loop of the per-call overhead benchmarks (anthropic-overhead, google-genai-overhead):
// warm-up, then interleaved rounds with the order rotated, CPU time of the process per call.

import { cpuUs } from './clock.mjs';
import { median, quantile } from './stats.mjs';

/**
 * Times every variant in every mode: `variants[name](mode)` makes one call (a promise, of an async
 * iterable when `mode` is `stream`, which is read to the end). Returns `rounds[mode][name]`: the
 * CPU µs per call of each round. `afterCalls(name)`, if given, runs at the end of each round, on
 * its time (a pipeline's flush: its exports are the variant's cost), and after the warm-up.
 */
export async function runRounds(variants, modes, { rounds, calls, warmup, afterCalls }) {
  const names = Object.keys(variants);
  const call = async (name, mode) => {
    const res = await variants[name](mode);
    if (mode === 'stream') for await (const _ of res);
  };
  const round = async (name, mode) => {
    const t0 = cpuUs();
    for (let i = 0; i < calls; i++) await call(name, mode);
    await afterCalls?.(name);
    return (cpuUs() - t0) / calls;
  };
  for (const name of names) {
    for (const mode of modes) for (let i = 0; i < warmup; i++) await call(name, mode);
    await afterCalls?.(name);
  }
  globalThis.gc?.();
  const out = Object.fromEntries(
    modes.map((m) => [m, Object.fromEntries(names.map((n) => [n, []]))]),
  );
  for (let r = 0; r < rounds; r++) {
    for (const mode of modes) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + r) % names.length];
        out[mode][name].push(await round(name, mode));
      }
    }
  }
  return out;
}

/**
 * `--profile=<variant>:<mode>`: just makes `n` calls of one variant, to run under
 * `node --cpu-prof` (then `lib/profile.mjs`'s `analyze`, or any profile viewer).
 */
export async function profileCalls(variants, modes, spec, n = 200_000) {
  const [name, mode] = spec.split(':');
  if (!variants[name] || !modes.includes(mode))
    throw new Error(`--profile takes <${Object.keys(variants).join('|')}>:<${modes.join('|')}>`);
  for (let i = 0; i < n; i++) {
    const res = await variants[name](mode);
    if (mode === 'stream') for await (const _ of res);
  }
}

/** `a − b`: median [p25, p75] of the per-round differences. */
export function delta(R, a, b) {
  const d = R[a].map((x, i) => x - R[b][i]);
  return { median: median(d), p25: quantile(d, 0.25), p75: quantile(d, 0.75) };
}

const f2 = (x) => x.toFixed(2);
export const fmt = f2;
export const spread = (d) => `+${f2(d.median)} [${f2(d.p25)}, ${f2(d.p75)}]`;

/** The reported (not judged) figures: one per instrumentation and mode, its whole cost per call. */
export function overheadTargets(figures, modes, label, who) {
  const targets = [];
  for (const mode of modes) {
    for (const [key, name] of who) {
      targets.push({
        id: `${key}/${mode}`,
        what: `${name}: whole cost per ${label[mode]} (span included), CPU time`,
        compare: null,
        target: null,
        unit: 'µs',
        measured: figures.modes[mode][key].median,
      });
    }
  }
  return targets;
}
