/** Exponential backoff with jitter, and a wait that never keeps the process alive. */

/** The collector's `retry_on_failure` settings, in ms. */
export interface RetryPolicy {
  enabled: boolean;
  /** First wait after a failed attempt. */
  initialIntervalMs: number;
  /** Longest wait between attempts. */
  maxIntervalMs: number;
  /** Longest time spent on one batch, attempts and waits included (0: no limit but the queue's deadline). */
  maxElapsedMs: number;
}

/** Nothing is retried: one attempt per batch. */
export const NO_RETRY: RetryPolicy = {
  enabled: false,
  initialIntervalMs: 0,
  maxIntervalMs: 0,
  maxElapsedMs: 0,
};

/** Attempt `n` (0-based) waits ~initial·2ⁿ, capped; "equal jitter": never less than half the step. */
export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The wait before the next attempt, or `undefined` when there is none: retries off, or the wait
 * would end past `maxElapsed` or past `deadline` (a shutdown's bound). A `Retry-After` is honoured
 * as the least wait.
 */
export function nextWait(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  startedAt: number,
  now: number,
  deadline: number,
  random?: () => number,
): number | undefined {
  if (!policy.enabled) return undefined;
  const wait = Math.max(
    backoffMs(attempt, policy.initialIntervalMs, policy.maxIntervalMs, random),
    retryAfterMs ?? 0,
  );
  if (policy.maxElapsedMs > 0 && now + wait > startedAt + policy.maxElapsedMs) return undefined;
  if (now + wait >= deadline) return undefined;
  return wait;
}

/**
 * Waits `ms`, or less when `signal` aborts (then it rejects with the signal's reason). The timer
 * is unref'd: a wait never keeps a finished app alive.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    timer.unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
