/**
 * The attempt under way, for code called through a library that does not pass it along (the OTel
 * exporter base calls `transport.send(data, timeout)`; a sink is called through `export`): the
 * queue runs each attempt in a scope; a transport reads its abort signal, a sink with retries of
 * its own reads its deadline, so it gives up with the real cause before the attempt times out.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Attempt {
  signal: AbortSignal;
  /** When the attempt will be aborted (ms since the epoch). */
  deadline: number;
}

const scope = new AsyncLocalStorage<Attempt>();

export function runInAttempt<T>(attempt: Attempt, fn: () => T): T {
  return scope.run(attempt, fn);
}

/** The signal of the attempt that (synchronously or asynchronously) led here, if any. */
export function attemptSignal(): AbortSignal | undefined {
  return scope.getStore()?.signal;
}

/** The attempt that led here, if any. */
export function currentAttempt(): Attempt | undefined {
  return scope.getStore();
}
