/** Polling and tool checks shared by the tests that run real Prometheus and Alertmanager servers. */
import { spawnSync } from 'node:child_process';

/** Retries `probe` until it returns a value (not undefined), at most `ms`. */
export async function until<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (${String(last ?? '')})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first of `bins` on PATH; throws (never skips) when none is. */
export function which(...bins: string[]): string {
  for (const bin of bins) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0) return bin;
  }
  throw new Error(
    `${bins.join(' / ')} is not installed: run scripts/ensure-prometheus.sh (npm test does)`,
  );
}
