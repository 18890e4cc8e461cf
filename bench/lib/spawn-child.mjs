// The parent's handle on one measured child: start it (it probes and warms up), ask it for rounds
// one at a time, and finish it. All children stay alive for the whole run so the runner can
// interleave their rounds: slow drift of the machine then hits every variant alike.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchDir } from './variants.mjs';

const childPath = join(benchDir, 'lib', 'child.mjs');

/** Whether `taskset` can pin processes here (Linux with util-linux). */
export function canPin() {
  return spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/** Pins this (the servers') process to CPU 0 so the measured child has CPU 1 to itself. */
export function pinSelf() {
  spawnSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
}

/** The environment a child sees: ours, minus anything that would switch a variant's behaviour. */
function childEnv(childConfig) {
  const env = { ...process.env, BENCH_CHILD: JSON.stringify(childConfig) };
  for (const k of Object.keys(env)) {
    if (/^(OTEL_|OPENINFERENCE_|TRACELOOP_)/.test(k)) delete env[k];
  }
  return env;
}

export class Child {
  /**
   * Starts the child and resolves once it has probed and warmed up, with its 'ready' message.
   * @param {object} childConfig see ChildConfig in child.mjs
   * @param {{pin: boolean, profileDir?: string, timeoutMs: number}} opts
   */
  static async start(childConfig, opts) {
    const c = new Child(childConfig, opts);
    c.ready = await c.next();
    return c;
  }

  constructor(childConfig, opts) {
    this.id = childConfig.variant;
    this.timeoutMs = opts.timeoutMs;
    const nodeArgs = ['--expose-gc'];
    if (opts.profileDir) {
      nodeArgs.push(
        '--cpu-prof',
        `--cpu-prof-dir=${opts.profileDir}`,
        `--cpu-prof-name=${this.id}.cpuprofile`,
      );
    }
    nodeArgs.push(childPath);
    const [cmd, args] = opts.pin
      ? ['taskset', ['-c', '1', process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs];
    this.proc = spawn(cmd, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: childEnv(childConfig),
    });
    this.inbox = [];
    this.waiter = null;
    this.failure = null;
    this.proc.on('message', (m) => this.deliver(m));
    this.proc.on('error', (err) => this.fail(err));
    this.proc.on('exit', (code) => {
      this.exited = true;
      this.fail(new Error(`${this.id}: exited with ${code}`));
    });
  }

  deliver(m) {
    if (m.type === 'error') return this.fail(new Error(m.error));
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve(m);
    } else this.inbox.push(m);
  }

  fail(err) {
    this.failure ??= err;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(this.failure);
    }
  }

  /** The child's next message. */
  next() {
    if (this.inbox.length > 0) return Promise.resolve(this.inbox.shift());
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.proc.kill('SIGKILL');
        this.fail(new Error(`${this.id}: no answer after ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      this.waiter = {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  /** @returns {Promise<{usPerCall: number, cpuUsPerCall: number, p50: number, p99: number}>} */
  round(mode, n) {
    this.proc.send({ type: 'round', mode, n });
    return this.next();
  }

  /** @returns {Promise<{totalCalls: number, exportedSpans: number, failedBatches: number}>} */
  async finish() {
    this.proc.send({ type: 'finish' });
    const done = await this.next();
    if (!this.exited) await new Promise((resolve) => this.proc.once('exit', resolve));
    return done;
  }

  kill() {
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}
