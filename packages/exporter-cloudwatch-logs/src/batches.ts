/**
 * Log records → PutLogEvents batches within the service's limits: one log group and stream per
 * batch, chronological order, ≤ 10,000 events, ≤ 1,048,576 bytes counting 26 bytes per event,
 * ≤ 24 hours between its first and last event; an event over 256 KiB is never sendable and is
 * left out (counted by the caller).
 */
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { timestampMs, toMessage } from './message.js';
import type { Router } from './routing.js';

export const PUT_LOG_EVENTS_LIMITS = {
  maxBatchBytes: 1_048_576,
  perEventOverhead: 26,
  maxEvents: 10_000,
  maxSpanMs: 24 * 60 * 60 * 1000,
  /** One event, its 26 bytes included (the API model's limit; newer accounts take 1 MB). */
  maxEventBytes: 262_144,
} as const;

export interface LogEvent {
  timestamp: number;
  message: string;
}

export interface Batch {
  logGroupName: string;
  logStreamName: string;
  /** Chronological. */
  events: LogEvent[];
}

interface Sized extends LogEvent {
  bytes: number;
}

export interface Batched {
  batches: Batch[];
  /** Events left out for being larger than one event may be. */
  oversize: number;
}

export function toBatches(
  records: readonly ReadableLogRecord[],
  router: Router,
  logStreamName: string,
  raw: boolean,
  limits: typeof PUT_LOG_EVENTS_LIMITS = PUT_LOG_EVENTS_LIMITS,
): Batched {
  const byGroup = new Map<string, Sized[]>();
  let oversize = 0;
  for (const record of records) {
    const message = toMessage(record, raw);
    // Byte size only when the characters could exceed it (most messages are far below).
    const bytes = message.length * 3 < limits.maxEventBytes ? -1 : Buffer.byteLength(message);
    if (bytes + limits.perEventOverhead > limits.maxEventBytes) {
      oversize++;
      continue;
    }
    const group = router.groupOf(record);
    let list = byGroup.get(group);
    if (list === undefined) {
      list = [];
      byGroup.set(group, list);
    }
    list.push({ timestamp: timestampMs(record), message, bytes });
  }
  const batches: Batch[] = [];
  for (const [logGroupName, events] of byGroup) {
    // Stable: records of one instant keep their order.
    events.sort((a, b) => a.timestamp - b.timestamp);
    let current: LogEvent[] = [];
    let bytes = 0;
    let first = 0;
    for (const e of events) {
      const size = (e.bytes < 0 ? Buffer.byteLength(e.message) : e.bytes) + limits.perEventOverhead;
      if (
        current.length > 0 &&
        (current.length >= limits.maxEvents ||
          bytes + size > limits.maxBatchBytes ||
          e.timestamp - first > limits.maxSpanMs)
      ) {
        batches.push({ logGroupName, logStreamName, events: current });
        current = [];
        bytes = 0;
      }
      if (current.length === 0) first = e.timestamp;
      current.push({ timestamp: e.timestamp, message: e.message });
      bytes += size;
    }
    if (current.length > 0) batches.push({ logGroupName, logStreamName, events: current });
  }
  return { batches, oversize };
}
