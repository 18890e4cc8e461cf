/**
 * Flush and shut down when the app ends, without changing how it ends.
 *
 * - Normal end (the event loop drains): `beforeExit`, once → shutdown.
 * - SIGINT / SIGTERM with no handler of the app's own: shutdown, then re-raise the same signal
 *   with Node's default behaviour, so the exit status is exactly what the app would have had.
 *   A second signal while flushing re-raises at once (the impatient double Ctrl-C).
 * - SIGINT / SIGTERM the app handles itself: flush only; the app decides when to stop, and the
 *   normal-end path shuts down later.
 * - `process.exit()` cannot wait for anything: what is still queued then is lost.
 *
 * Every wait is bounded by `timeoutMs`, and so is the exit after a normal end. Nothing of the
 * sdk's keeps the event loop alive while the app runs (exporter-helper: unref'd connections and
 * timers, a queue that answers the SDK's batch processor at once), so `beforeExit` comes as soon
 * as the app's own work is done, and the shutdown holds the process only within its bound. A
 * library under an exporter may still hold a handle past it (the AWS SDK's request timers): once
 * the bound after the natural end has passed, the process exits with the app's own exit code.
 * That timer is unref'd: it fires only when something still holds the process, and the app's own
 * work had already ended when `beforeExit` came.
 */
import type { RegisterLogger } from './logger.js';

export interface Flushable {
  forceFlush(timeoutMs?: number): Promise<void>;
  shutdown(timeoutMs?: number): Promise<void>;
}

/** The part of `process` the lifecycle touches (a seam for unit tests). */
export interface LifecycleProcess {
  readonly pid: number;
  on(event: string, listener: () => void): unknown;
  once(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
  listeners(event: string): unknown[];
  kill(pid: number, signal: NodeJS.Signals): unknown;
  exit(code?: number | string): unknown;
}

export interface LifecycleOptions {
  timeoutMs: number;
  log: RegisterLogger;
  proc?: LifecycleProcess;
  signals?: readonly NodeJS.Signals[];
}

export const HANDLED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * The sdk bounds its own shutdown by the same timeout and reports what it dropped; ours is only a
 * backstop for an sdk that does not keep that promise, so it must never fire first.
 */
export const BACKSTOP_MARGIN_MS = 1000;

/** After a natural end, the process is gone this long after the bound at the latest. */
export const EXIT_GRACE_MS = 100;

/** Resolves when `work` settles or `timeoutMs` passes; never rejects. */
export async function bounded(
  work: () => Promise<void>,
  what: string,
  timeoutMs: number,
  log: RegisterLogger,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  // Ref'd on purpose: on the signal path nothing else may keep the loop alive until we re-raise.
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([work().then(() => 'done' as const), timeout]);
    if (outcome === 'timeout') {
      log.warn(`${what} did not finish within ${timeoutMs} ms; unsent telemetry was dropped`);
    }
  } catch (err) {
    log.warn(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Installs the exit handlers; returns a function that removes them. */
export function installLifecycle(handle: Flushable, options: LifecycleOptions): () => void {
  const proc: LifecycleProcess = options.proc ?? process;
  const { timeoutMs, log } = options;
  const signals = options.signals ?? HANDLED_SIGNALS;
  let shutdown: Promise<void> | undefined;

  const backstopMs = timeoutMs + BACKSTOP_MARGIN_MS;

  const shutdownOnce = (): Promise<void> => {
    shutdown ??= bounded(() => handle.shutdown(timeoutMs), 'telemetry shutdown', backstopMs, log);
    return shutdown;
  };

  const onBeforeExit = (): void => {
    const endedAt = Date.now();
    void shutdownOnce().then(() => {
      // The backstop: unref'd, it fires only if a leftover handle outlives the bound.
      const exitAt = endedAt + timeoutMs + EXIT_GRACE_MS;
      const timer = setTimeout(
        () => {
          log.debug(`still alive ${timeoutMs} ms after the app's end; exiting`);
          proc.exit(process.exitCode ?? 0);
        },
        Math.max(0, exitAt - Date.now()),
      );
      timer.unref?.();
    });
  };

  const onExit = (): void => {
    if (!shutdown) log.debug('process.exit() before telemetry was flushed; queued spans are lost');
  };

  const signalHandlers = new Map<NodeJS.Signals, () => void>();
  const reRaise = (signal: NodeJS.Signals): void => {
    uninstall();
    proc.kill(proc.pid, signal);
  };

  for (const signal of signals) {
    let pending = false;
    const onSignal = (): void => {
      const appHandles = proc.listeners(signal).some((l) => l !== onSignal);
      if (appHandles) {
        log.debug(`${signal}: the app handles it; flushing only`);
        void bounded(() => handle.forceFlush(timeoutMs), 'telemetry flush', backstopMs, log);
        return;
      }
      if (pending) {
        reRaise(signal);
        return;
      }
      pending = true;
      log.debug(`${signal}: flushing telemetry, then exiting by ${signal}`);
      void shutdownOnce().then(() => reRaise(signal));
    };
    signalHandlers.set(signal, onSignal);
    proc.on(signal, onSignal);
  }
  proc.once('beforeExit', onBeforeExit);
  proc.once('exit', onExit);

  function uninstall(): void {
    for (const [signal, handler] of signalHandlers) proc.removeListener(signal, handler);
    proc.removeListener('beforeExit', onBeforeExit);
    proc.removeListener('exit', onExit);
  }
  return uninstall;
}
