import type { HrTime } from '@opentelemetry/api';

/**
 * The run id of a span: a UUID in version 7 layout (LangSmith's own ids are v7; it sorts and
 * partitions by their time prefix). The 48-bit time field is the span's start in milliseconds;
 * the 74 "random" bits are the span id's 64 random bits and 10 of the trace id's. Derived only
 * from the span, so an export that is retried, or a span exported twice, names the same run.
 */
export function runIdFor(traceId: string, spanId: string, startTime: HrTime): string {
  const ms = Math.max(0, startTime[0] * 1000 + Math.floor(startTime[1] / 1e6));
  const time = ms.toString(16).padStart(12, '0').slice(-12);
  // rand_b: 2 variant bits (10), 2 bits of the span id's 4th nibble, then the rest.
  const variant = ((Number.parseInt(spanId[3] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const tail = Number.parseInt(traceId.slice(-3) || '0', 16) >> 2; // 10 bits
  const spanHigh = Number.parseInt(spanId[3] ?? '0', 16) >> 2; // the nibble's other 2 bits
  const mixed = ((spanHigh << 10) | tail).toString(16).padStart(3, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${spanId.slice(0, 3)}-${variant}${spanId.slice(4, 7)}-${spanId.slice(7, 16)}${mixed}`;
}
