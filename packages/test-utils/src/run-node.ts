import { spawn } from 'node:child_process';

export interface RunNodeOptions {
  /** Added to (and overriding) the parent's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Kill the child with SIGKILL after this long; default 30 000 ms. */
  timeoutMs?: number;
  /** Send `signal` once stdout contains `whenStdoutIncludes` (e.g. to test flush-on-exit). */
  signalAfter?: { signal: NodeJS.Signals; whenStdoutIncludes: string };
  /** Written to the child's stdin, which is then closed. */
  input?: string;
}

export interface RunNodeResult {
  stdout: string;
  stderr: string;
  /** Exit code, `null` when the child was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when `timeoutMs` ran out and the child was killed. */
  timedOut: boolean;
  /** True when `signalAfter` fired. */
  signalSent: boolean;
  durationMs: number;
}

/**
 * Runs `node <args>` as a real child process with the very Node binary running the tests
 * (`process.execPath`), so `--import` hooks, exit handlers and signals behave as in production.
 * Never rejects for the child's sake: the result says how it ended.
 */
export function runNode(args: string[], options: RunNodeOptions = {}): Promise<RunNodeResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...options.env })) {
    if (v !== undefined) env[k] = v;
  }
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  let signalSent = false;
  const after = options.signalAfter;

  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (after && !signalSent && stdout.includes(after.whenStdoutIncludes)) {
      signalSent = true;
      child.kill(after.signal);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.on('error', () => {});
  child.stdin.end(options.input ?? '');

  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 30_000);

  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout,
        stderr,
        code,
        signal,
        timedOut,
        signalSent,
        durationMs: performance.now() - started,
      });
    });
  });
}
