import { captureLog } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import type { EmfEvent } from '../group/emf-document.js';
import { DropCounter } from './drops.js';
import { EventQueue } from './event-queue.js';
import { nextBatch, PUT_LOG_EVENTS_LIMITS } from './log-event-batch.js';

const HOUR = 3_600_000;

function ev(timestamp: number, size = 10, stream = 's'): EmfEvent {
  return { timestamp, message: 'x'.repeat(size), logGroupName: 'g', logStreamName: stream };
}

function queue(events: EmfEvent[], max = 100_000) {
  const q = new EventQueue(
    max,
    new DropCounter({ info() {}, warn() {}, error() {}, once() {} }, 't'),
  );
  q.push(events);
  return q;
}

const times = (b: ReturnType<typeof nextBatch>['batch']) => b?.items.map((q) => q.event.timestamp);

describe('PutLogEvents batches', () => {
  it('are in chronological order', () => {
    const q = queue([ev(3), ev(1), ev(2)]);
    expect(times(nextBatch(q).batch)).toEqual([1, 2, 3]);
    expect(q.size).toBe(0);
  });

  it('hold at most 10,000 events', () => {
    const q = queue(Array.from({ length: 10_001 }, (_, i) => ev(i)));
    expect(nextBatch(q).batch?.items).toHaveLength(10_000);
    expect(times(nextBatch(q).batch)).toEqual([10_000]);
  });

  it('count 26 bytes per event against the 1 MiB limit', () => {
    // 4 events of (262,118 + 26) bytes fill 1,048,576 exactly; a fifth does not fit.
    const size = PUT_LOG_EVENTS_LIMITS.maxBatchBytes / 4 - PUT_LOG_EVENTS_LIMITS.perEventOverhead;
    const q = queue(Array.from({ length: 5 }, (_, i) => ev(i, size)));
    expect(nextBatch(q).batch?.items).toHaveLength(4);
    expect(q.size).toBe(1);
    const bigger = queue(Array.from({ length: 4 }, (_, i) => ev(i, size + 1)));
    expect(nextBatch(bigger).batch?.items).toHaveLength(3);
  });

  it('count multi-byte characters as bytes', () => {
    const q = queue([ev(1)]);
    q.push([{ ...ev(2), message: 'é'.repeat(10) }]);
    expect(q.peek().map((e) => e.bytes)).toEqual([10, 20]);
  });

  it('span at most 24 hours; the rest waits for the next batch', () => {
    const q = queue([ev(0), ev(23 * HOUR), ev(25 * HOUR), ev(HOUR)]);
    expect(times(nextBatch(q).batch)).toEqual([0, HOUR, 23 * HOUR]);
    expect(times(nextBatch(q).batch)).toEqual([25 * HOUR]);
  });

  it('go to one stream each', () => {
    const q = queue([ev(1, 10, 'a'), ev(2, 10, 'a'), ev(3, 10, 'b'), ev(4, 10, 'a')]);
    const first = nextBatch(q).batch!;
    expect([first.logStreamName, times(first)]).toEqual(['a', [1, 2]]);
    expect(nextBatch(q).batch?.logStreamName).toBe('b');
    expect(times(nextBatch(q).batch)).toEqual([4]);
  });

  it('leave out an event too big for any batch, and say how many', () => {
    const q = queue([ev(1), ev(2, PUT_LOG_EVENTS_LIMITS.maxBatchBytes), ev(3)]);
    const next = nextBatch(q);
    expect(next.oversize).toBe(1);
    expect(times(next.batch)).toEqual([1, 3]);
  });
});

describe('the event queue', () => {
  it('holds at most its size whenever events are added, keeping one export whole, and counts what it drops', () => {
    const log = captureLog();
    const drops = new DropCounter(log, 'CloudWatch Logs');
    const q = new EventQueue(3, drops);
    const stamps = () => q.peek().map((e) => e.event.timestamp);
    q.push([ev(1), ev(2)]);
    q.push([ev(3), ev(4)]);
    // A stalled destination never sees the queue grow: the oldest go as new ones arrive.
    expect(stamps()).toEqual([2, 3, 4]);
    // An export larger than the bound is kept whole (and tried once)…
    q.push([ev(5), ev(6), ev(7), ev(8)]);
    expect(stamps()).toEqual([5, 6, 7, 8]);
    // …and cut to the bound if its delivery fails.
    q.trim();
    expect(stamps()).toEqual([6, 7, 8]);
    q.unshift(q.take(2));
    q.push([ev(9)]);
    expect(stamps()).toEqual([7, 8, 9]);
    expect(drops.total).toBe(6);
    drops.report();
    expect(log.lines).toEqual([
      'warn: dropping EMF events for CloudWatch Logs: more than 3 events waiting (sending_queue.queue_size) (counted; the total is reported at shutdown)',
      'warn: dropped 6 EMF events in total for CloudWatch Logs',
    ]);
  });
});
