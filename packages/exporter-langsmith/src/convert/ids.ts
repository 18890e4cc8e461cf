import { createHash } from 'node:crypto';
import type { HrTime } from '@opentelemetry/api';

/**
 * The run id of a span: a UUID in version 7 layout (LangSmith's own ids are v7, and it sorts and
 * partitions by their time prefix) whose 48-bit time field is the span's start in milliseconds and
 * whose remaining 74 bits come from SHA-1 of the trace and span ids. Derived only from the span,
 * so an export that is retried, or a span exported twice, names the same run.
 */
export function runIdFor(traceId: string, spanId: string, startTime: HrTime): string {
  const digest = createHash('sha1').update(traceId).update(spanId).digest('hex');
  const ms = Math.max(0, startTime[0] * 1000 + Math.floor(startTime[1] / 1e6));
  const time = ms.toString(16).padStart(12, '0').slice(-12);
  // Variant 10xx in the first nibble of the fourth group.
  const variant = ((Number.parseInt(digest[3]!, 16) & 0x3) | 0x8).toString(16);
  return (
    time.slice(0, 8) +
    '-' +
    time.slice(8, 12) +
    '-7' +
    digest.slice(0, 3) +
    '-' +
    variant +
    digest.slice(4, 7) +
    '-' +
    digest.slice(7, 19)
  );
}
