import { describe, expect, it } from 'vitest';
import { nextWait, type RetryPolicy } from './backoff.js';
import { PermanentError, withRetryAfter } from './errors.js';
import { ExportQueue } from './export-queue.js';
import { ExportReporter } from './export-reporter.js';

const RETRY: RetryPolicy = {
  enabled: true,
  initialIntervalMs: 10,
  maxIntervalMs: 20,
  maxElapsedMs: 2_000,
};

function setup(send: (item: number[], signal: AbortSignal) => Promise<void>, retry = RETRY) {
  const lines: string[] = [];
  const log = {
    info: (m: string) => lines.push(m),
    warn: (m: string) => lines.push(m),
    once: (_k: string, _l: string, m: string) => lines.push(m),
  };
  const reporter = new ExportReporter({
    id: 'x',
    target: 'http://x/v1/traces',
    unit: 'spans',
    log,
  });
  // Items handed back, in order: each must come back once, after its last attempt.
  const settled: number[][] = [];
  const queue = new ExportQueue<number[]>({
    reporter,
    send,
    size: (item) => item.length,
    capacity: 10,
    attemptTimeoutMs: 200,
    retry,
    settled: (item) => settled.push(item),
  });
  return { reporter, queue, lines, settled };
}

const http = (status: number, message: string) =>
  Object.assign(new Error(message), { code: status });

describe('the export queue', () => {
  it('retries a retryable failure with backoff until it passes: nothing lost', async () => {
    let calls = 0;
    const settledAt: number[] = [];
    const { queue, reporter, lines, settled } = setup(async () => {
      settledAt.push(settled.length);
      if (++calls < 3) throw http(503, 'Service Unavailable');
    });
    const item = [1, 2];
    queue.push(item);
    await queue.flush();
    expect(calls).toBe(3);
    // Not handed back while an attempt may still come.
    expect(settledAt).toEqual([0, 0, 0]);
    expect(settled).toEqual([item]);
    expect(settled[0]).toBe(item);
    expect(reporter.summary()).toBeUndefined();
    expect(lines).toEqual([
      'exporter x was refused by http://x/v1/traces (HTTP 503 Service Unavailable); spans will be dropped until it is reachable',
      'exporter x is reachable again',
    ]);
  });

  it('never retries a permanent failure (marked, or a 4xx such as 413)', async () => {
    for (const error of [new PermanentError('bad data'), http(413, 'Payload Too Large')]) {
      let calls = 0;
      const { queue, reporter, settled } = setup(async () => {
        calls++;
        throw error;
      });
      queue.push([1, 2, 3]);
      await queue.flush();
      expect(calls).toBe(1);
      expect(settled).toEqual([[1, 2, 3]]);
      expect(reporter.summary()).toBe('exporter x dropped 3 spans');
    }
  });

  it('waits at least what Retry-After asks', async () => {
    const times: number[] = [];
    const { queue } = setup(async () => {
      times.push(performance.now());
      if (times.length === 1) throw withRetryAfter(http(429, 'Too Many Requests'), 300);
    });
    queue.push([1]);
    await queue.flush();
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(290);
  });

  it('times an attempt out, and drops what does not fit its capacity (counted)', async () => {
    const { queue, reporter, settled } = setup(
      (_item, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      { ...RETRY, enabled: false },
    );
    expect(queue.push([1, 2, 3, 4, 5, 6])).toBe(true);
    expect(queue.push([1, 2, 3, 4, 5, 6, 7, 8])).toBe(true);
    expect(queue.push([1, 2, 3])).toBe(false);
    // Dropped at the door: handed back at once; the others after their attempt.
    expect(settled).toEqual([[1, 2, 3]]);
    await queue.flush();
    expect(settled.map((i) => i.length)).toEqual([3, 6, 8]);
    expect(reporter.summary()).toBe('exporter x dropped 17 spans (3 because its queue was full)');
  });

  it('at shutdown ends every attempt and wait by the deadline and counts what was left', async () => {
    const { queue, reporter, settled } = setup(
      (_item, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    queue.push([1, 2]);
    queue.push([3]);
    const started = performance.now();
    reporter.beginShutdown(150);
    await queue.flush();
    expect(settled.map((i) => i.length).sort()).toEqual([1, 2]);
    expect(performance.now() - started).toBeLessThan(1_000); // the attempt would never end by itself
    expect(reporter.summary()).toBe('exporter x dropped 3 spans (3 still unsent at shutdown)');
  });
});

describe('nextWait', () => {
  it('doubles from the initial interval, capped, with jitter never under half the step', () => {
    const at = (attempt: number, random: number) =>
      nextWait(RETRY, attempt, undefined, 0, 0, Infinity, () => random);
    expect([at(0, 0), at(0, 1), at(1, 1), at(5, 1)]).toEqual([5, 10, 20, 20]);
  });

  it('gives up past max_elapsed_time or the deadline, and when retries are off', () => {
    expect(nextWait(RETRY, 0, 500, 0, 1_800, Infinity)).toBeUndefined();
    expect(nextWait(RETRY, 0, undefined, 0, 0, 5)).toBeUndefined();
    expect(nextWait({ ...RETRY, enabled: false }, 0, undefined, 0, 0, Infinity)).toBeUndefined();
  });
});
