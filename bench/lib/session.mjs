// One measuring session (one transport): start the children, run the interleaved rounds with the
// noise guard, check every child's spans, and turn the rounds into figures.
import { capabilities } from './capabilities.mjs';
import { interference, machineCpu } from './environment.mjs';
import { Child } from './spawn-child.mjs';
import { compare, MODES, summarizeRounds } from './stats.mjs';

/** Checks a child's report: spans exported for every instrumented call, none for the baseline. */
export function verdict(id, done) {
  if (id === 'none') {
    return done.exportedSpans === 0 ? null : `baseline exported ${done.exportedSpans} spans`;
  }
  if (done.warmupSpans === 0) return 'records nothing: no span exported during warm-up';
  if (done.exportedSpans < done.totalCalls) {
    return `exported ${done.exportedSpans} spans for ${done.totalCalls} calls (dropped or not instrumented)`;
  }
  if (done.failedBatches > 0) return `${done.failedBatches} export batches failed`;
  return null;
}

/**
 * @typedef {object} SessionPlan
 * @property {'http'|'memory'} transport
 * @property {number} warmup
 * @property {number} rounds
 * @property {number} n
 * @property {number} processes
 * @property {boolean} content
 * @property {number} maxNoise  share of the machine other processes may use during a round
 * @property {number} budgetS   past this many seconds of rounds, noisy rounds are kept
 */

/**
 * @param {object} args
 * @param {import('./variants.mjs').Variant[]} args.selected
 * @param {Record<string, {status: string, reason?: string}>} args.unavailable from preparation
 * @param {SessionPlan} args.plan
 * @param {{url: string}} args.mock
 * @param {{url: string, stats: object, reset(): void}} args.sink
 * @param {boolean} args.pin
 * @param {string} [args.profileDir]
 * @param {(line: string) => void} args.log
 */
export async function runSession({
  selected,
  unavailable,
  plan,
  mock,
  sink,
  pin,
  profileDir,
  log,
}) {
  const byId = Object.fromEntries(
    selected.map((v) => [
      v.id,
      {
        id: v.id,
        label: v.label,
        peer: v.peer,
        reference: !!v.reference,
        status: 'ok',
        ...unavailable[v.id],
      },
    ]),
  );
  const markBroken = (id, err) => {
    byId[id].status = 'broken';
    byId[id].reason = String(err.message ?? err)
      .split('\n')
      .slice(0, 6)
      .join('\n');
    log(`${id}: ${byId[id].reason}`);
  };

  /**
   * One round, repeated (up to twice, while the time budget lasts) when other processes used
   * more than `plan.maxNoise` of the machine during it: the machine is shared, and a neighbour's
   * build landing on one variant's round would be read as that variant's cost. Keeps the
   * quietest try.
   */
  async function quietRound(child, mode, deadline) {
    let best = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await child.round(mode, plan.n);
      r.retries = attempt;
      if (best === null || (r.othersShare ?? 0) < (best.othersShare ?? 0)) best = { ...r };
      if ((r.othersShare ?? 0) <= plan.maxNoise || Date.now() > deadline) break;
    }
    return best;
  }

  sink.reset();
  const started = Date.now();
  const cpuBefore = machineCpu();
  const ownBefore = process.cpuUsage();

  // Start `plan.processes` children per variant; each probes and warms up alone.
  const children = {};
  const rounds = {};
  for (const v of selected) {
    if (byId[v.id].status !== 'ok') continue;
    children[v.id] = [];
    try {
      for (let p = 0; p < plan.processes; p++) {
        const config = {
          variant: v.id,
          mockUrl: `${mock.url}/v1`,
          sinkUrl: sink.url,
          warmup: plan.warmup,
          content: plan.content,
          transport: plan.transport,
        };
        const opts = { pin, profileDir, timeoutMs: 5 * 60_000 };
        children[v.id].push(await Child.start(config, opts));
      }
      rounds[v.id] = { plain: [], stream: [] };
      log(`${plan.transport}: ${v.id} ready`);
    } catch (err) {
      markBroken(v.id, err);
      for (const c of children[v.id]) c.kill();
    }
  }

  // Round r visits the variants in an order rotated by r, alternates which mode goes first, and
  // goes to process r mod P of each variant, so one process's luck (heap layout, JIT decisions:
  // up to ~20 µs/call seen between two baseline processes) is averaged out.
  const ids = Object.keys(rounds);
  const deadline = Date.now() + plan.budgetS * 1000;
  for (let r = 0; r < plan.rounds; r++) {
    const order = ids.map((_, i) => ids[(i + r) % ids.length]);
    const modes = r % 2 === 0 ? MODES : [...MODES].reverse();
    for (const id of order) {
      if (byId[id].status !== 'ok') continue;
      const child = children[id][r % plan.processes];
      try {
        for (const mode of modes) rounds[id][mode].push(await quietRound(child, mode, deadline));
      } catch (err) {
        markBroken(id, err);
        for (const c of children[id]) c.kill();
      }
    }
    log(`${plan.transport}: round ${r + 1}/${plan.rounds} done`);
  }

  const done = {};
  for (const id of ids) {
    if (byId[id].status !== 'ok') continue;
    try {
      const all = [];
      for (const c of children[id]) all.push(await c.finish());
      const sum = (k) => all.reduce((s, d) => s + d[k], 0);
      done[id] = {
        totalCalls: sum('totalCalls'),
        exportedSpans: sum('exportedSpans'),
        failedBatches: sum('failedBatches'),
        cpuUs: sum('cpuUs'),
        warmupSpans: Math.min(...children[id].map((c) => c.ready.warmupSpans)),
      };
    } catch (err) {
      markBroken(id, err);
    }
  }
  const own = process.cpuUsage(ownBefore);
  const childCpu = Object.values(done).reduce((s, d) => s + d.cpuUs, 0);
  const noise = interference(
    cpuBefore,
    machineCpu(),
    own.user + own.system + childCpu,
    Date.now() - started,
  );

  for (const v of selected) {
    const b = byId[v.id];
    if (b.status !== 'ok') continue;
    const ready = children[v.id][0].ready;
    b.versions = ready.versions;
    b.capabilities = v.id === 'none' || v.reference ? null : capabilities(ready.probe);
    b.chunks = ready.chunks;
    b.probe = ready.probe;
    b.spans = { calls: done[v.id].totalCalls, exported: done[v.id].exportedSpans };
    const problem = verdict(v.id, done[v.id]);
    if (problem) {
      markBroken(v.id, problem);
      continue;
    }
    for (const mode of MODES) b[mode] = summarizeRounds(rounds[v.id][mode]);
  }
  const best = byId.none?.status === 'ok' ? compare(byId) : null;
  return {
    plan,
    seconds: Math.round((Date.now() - started) / 1000),
    interference: noise,
    sink: { ...sink.stats },
    best,
    variants: byId,
    calls: Object.fromEntries(Object.entries(done).map(([id, d]) => [id, d.totalCalls])),
  };
}
