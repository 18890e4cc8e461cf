/**
 * Runs the fault app under `node --import @genai-otel/register`, recording when it printed what
 * and when it exited, so a test can measure the exit from the app's natural end or from a signal.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The test package: `@genai-otel/register` resolves from its node_modules, as from an app's. */
const PACKAGE_DIR = dirname(HERE);

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrLines: string[];
  /** ms from the natural end (`APP DONE`) or the signal to the exit; undefined when neither came. */
  exitAfterMs: number | undefined;
  /** Peak RSS the app saw, in bytes (natural end only). */
  peakRss: number | undefined;
  killed: boolean;
}

export interface ChildOptions {
  config: string;
  shutdownMs: number;
  /** Send this signal once the app is steady (it then runs until the signal). */
  signal?: NodeJS.Signals;
  durationMs?: number;
  spansPerTick?: number;
  /** SIGKILL after this long (a hung child fails the test, it does not hang the suite). */
  killAfterMs?: number;
}

/** Children at once: the suite's own load must not be what makes an exit late. */
const MAX_CHILDREN = 4;
let running = 0;
const waiting: (() => void)[] = [];

export async function runFaultApp(o: ChildOptions): Promise<ChildRun> {
  if (running >= MAX_CHILDREN) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await run(o);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function run(o: ChildOptions): Promise<ChildRun> {
  const child = spawn(
    process.execPath,
    ['--import', '@genai-otel/register', join(HERE, 'fault-app.mjs')],
    {
      cwd: PACKAGE_DIR,
      env: {
        PATH: process.env.PATH,
        GENAI_OTEL_CONFIG: o.config,
        GENAI_OTEL_SHUTDOWN_TIMEOUT_MS: String(o.shutdownMs),
        OTEL_METRIC_EXPORT_INTERVAL: '200',
        OTEL_METRIC_EXPORT_TIMEOUT: '200',
        AWS_ACCESS_KEY_ID: 'AKIDFAULTTEST',
        AWS_SECRET_ACCESS_KEY: 'fault-test-secret',
        DURATION_MS: String(o.signal ? 0 : (o.durationMs ?? 500)),
        SPANS_PER_TICK: String(o.spansPerTick ?? 20),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  let endedAt: number | undefined;
  let killed = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (endedAt !== undefined) return;
    if (o.signal && stdout.includes('STEADY')) {
      endedAt = performance.now();
      child.kill(o.signal);
    } else if (!o.signal && stdout.includes('APP DONE')) {
      endedAt = performance.now();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, o.killAfterMs ?? 90_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const done = /APP DONE (\d+) (\d+)/.exec(stdout);
      resolve({
        code,
        signal,
        stdout,
        stderrLines: stderr.split('\n').filter((l) => l !== ''),
        exitAfterMs: endedAt === undefined ? undefined : performance.now() - endedAt,
        peakRss: done ? Number(done[2]) : undefined,
        killed,
      });
    });
  });
}
