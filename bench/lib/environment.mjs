// What the figures were measured on, for the results file and the README.
import { readFileSync } from 'node:fs';
import { cpus, release } from 'node:os';

export function environment() {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const model = /^model name\s*:\s*(.+)$/m.exec(info);
    const mhz = /^cpu MHz\s*:\s*(.+)$/m.exec(info);
    if (model) cpu = `${model[1].trim()}${mhz ? ` @ ${Math.round(Number(mhz[1]))} MHz` : ''}`;
  } catch {
    // Not Linux: os.cpus() is the best we have.
  }
  return {
    cpu,
    cores: cpus().length,
    node: process.version,
    v8: process.versions.v8,
    os: `${process.platform} ${release()}`,
  };
}

/** Jiffies (1/100 s on Linux) the whole machine spent busy and stolen so far; null off Linux. */
export function machineCpu() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
    const [user, nice, system, , , irq, softirq, steal] = f.map(Number);
    return { busy: user + nice + system + irq + softirq, steal: steal ?? 0 };
  } catch {
    return null;
  }
}

/** CPU time of process `pid` so far, in µs (from /proc, jiffies of 10 ms); null off Linux. */
export function processCpuUs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10_000;
  } catch {
    return null;
  }
}

/**
 * How much of the machine something other than this benchmark used during the run, as a share of
 * all cores; the benchmark shares its 2 cores with whatever else runs, and busy neighbours show up
 * as noise in wall time (and, less, in CPU time).
 * @param {{busy: number, steal: number}|null} before
 * @param {{busy: number, steal: number}|null} after
 * @param {number} ownCpuUs CPU time of the runner and all children
 * @param {number} elapsedMs
 */
export function interference(before, after, ownCpuUs, elapsedMs) {
  if (!before || !after) return null;
  const capacityMs = elapsedMs * cpus().length;
  const busyMs = (after.busy - before.busy) * 10;
  return {
    othersShare: Math.max(0, (busyMs - ownCpuUs / 1000) / capacityMs),
    stealShare: ((after.steal - before.steal) * 10) / capacityMs,
  };
}
