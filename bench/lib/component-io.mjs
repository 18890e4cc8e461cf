// What every component benchmark (components/*.mjs) shares: its command line (--quick, --json and
// its own options), where its human-readable lines go, how busy the machine was while it ran, and
// the result it hands to the runner. With --json the lines go to stderr (the runner shows them
// live) and stdout carries exactly one JSON document, the last line, which the runner parses.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { interference, machineCpu } from './environment.mjs';

/**
 * @typedef {object} Target
 * @property {string} id              stable key, e.g. `withAgent/sync`
 * @property {string} what            what is measured, as the summary table names it
 * @property {'<'|'<='|'>='|null} compare   null: a figure reported without a target
 * @property {number|null} target
 * @property {string} unit            e.g. `µs`, `spans/s`, `B`
 * @property {number|null} measured   null: not measured in this run (the reason in `note`)
 * @property {string} [note]
 *
 * @typedef {object} ComponentResult
 * @property {string} bench           the file name without `.mjs`
 * @property {string} title
 * @property {string} node
 * @property {boolean} quick
 * @property {{loadAverage: number[], cores: number, othersShare: number|null, seconds: number}} machine
 * @property {(Target & {met: boolean|null, ratio: number|null})[]} targets
 * @property {object} figures         everything else the bench measured, for the results file
 */

/** Whether `measured` meets the target; null when there is no target or no figure. */
export function meets(t) {
  if (t.compare === null || t.target === null || t.measured === null) return null;
  if (!Number.isFinite(t.measured)) return false;
  if (t.compare === '<') return t.measured < t.target;
  if (t.compare === '<=') return t.measured <= t.target;
  return t.measured >= t.target;
}

/** measured ÷ target: below 1 is good for an upper bound, above 1 for a lower bound. */
export function ratioToTarget(t) {
  if (t.target === null || t.measured === null || t.target === 0) return null;
  return t.measured / t.target;
}

/**
 * Parses the bench's command line: `--quick`, `--json` and the bench's own options.
 * @param {Record<string, {type: 'string'|'boolean', default?: any}>} [own]
 */
export function componentArgs(own = {}) {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      ...own,
    },
  });
  return values;
}

/** An integer option, or its full / quick default. */
export function sized(value, full, quick, isQuick) {
  if (value !== undefined) return Number(value);
  return isQuick ? quick : full;
}

/**
 * Starts a component benchmark's bookkeeping: the load of the machine is sampled from now on.
 * @param {string} bench
 * @param {{json: boolean, quick: boolean}} args
 */
export function startComponent(bench, args) {
  const machine0 = machineCpu();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const load0 = loadavg()[0];
  const write = (line) => (args.json ? process.stderr : process.stdout).write(`${line}\n`);
  return {
    /** A human-readable line (stdout, or stderr under --json). */
    say: write,
    /**
     * Prints the verdict lines and, under --json, the JSON document.
     * @param {{title: string, targets: Target[], figures: object}} r
     * @returns {ComponentResult}
     */
    finish({ title, targets, figures }) {
      const cpu = process.cpuUsage(cpu0);
      const seconds = (Date.now() - t0) / 1000;
      const share = interference(machine0, machineCpu(), cpu.user + cpu.system, seconds * 1000);
      /** @type {ComponentResult} */
      const result = {
        bench,
        title,
        node: process.version,
        quick: args.quick,
        machine: {
          loadAverage: [load0, loadavg()[0]],
          // The machine's, not this process's (it may be pinned to one of them).
          cores: cpus().length,
          othersShare: share ? share.othersShare : null,
          seconds,
        },
        targets: targets.map((t) => ({ ...t, met: meets(t), ratio: ratioToTarget(t) })),
        figures,
      };
      write('');
      for (const t of result.targets) write(verdictLine(t));
      write(machineLine(result.machine));
      if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      return result;
    },
  };
}

/** A number the way the tables print it: thousands grouped, small values with 2–3 digits. */
export function formatNumber(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** `< 2 µs`, `≥ 50,000 spans/s`, or `–` for a figure without a target. */
export function formatTarget(t) {
  if (t.compare === null || t.target === null) return '–';
  const op = { '<': '<', '<=': '≤', '>=': '≥' }[t.compare];
  return `${op} ${formatNumber(t.target)} ${t.unit}`;
}

export function verdictWord(met) {
  if (met === null) return 'reported';
  return met ? 'MET' : 'MISSED';
}

/** @param {Target & {met: boolean|null, ratio: number|null}} t */
export function verdictLine(t) {
  const measured = t.measured === null ? 'not measured' : `${formatNumber(t.measured)} ${t.unit}`;
  if (t.met === null) return `${t.what}: ${measured}${t.note ? ` (${t.note})` : ''}`;
  return (
    `${verdictWord(t.met)} ${t.what}: ${measured}, target ${formatTarget(t)} ` +
    `(${formatNumber(t.ratio)}× the target)${t.note ? `; ${t.note}` : ''}`
  );
}

export function machineLine(m) {
  const others = m.othersShare === null ? '' : `, other processes used ${pct(m.othersShare)} of it`;
  return (
    `machine: load average ${m.loadAverage.map((x) => x.toFixed(1)).join(' → ')} on ` +
    `${m.cores} cores during the ${m.seconds.toFixed(0)} s run${others}`
  );
}

const pct = (x) => `${(100 * x).toFixed(0)}%`;
