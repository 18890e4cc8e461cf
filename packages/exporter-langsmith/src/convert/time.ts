import type { HrTime } from '@opentelemetry/api';

/**
 * OTel time (seconds + nanoseconds) → `YYYY-MM-DDTHH:MM:SS.ffffffZ`. LangSmith keeps microseconds;
 * `Date#toISOString` would drop them and siblings started in the same millisecond would tie.
 */
export function isoMicros(time: HrTime): string {
  const [seconds, nanos] = time;
  const base = new Date(seconds * 1000).toISOString(); // …SS.000Z
  return `${base.slice(0, 19)}.${pad6(Math.floor(nanos / 1000))}Z`;
}

/** The dotted-order stamp of a time: `YYYYMMDDTHHMMSSffffffZ`. */
export function dottedStamp(time: HrTime): string {
  const iso = new Date(time[0] * 1000).toISOString();
  return (
    iso.slice(0, 4) +
    iso.slice(5, 7) +
    iso.slice(8, 10) +
    'T' +
    iso.slice(11, 13) +
    iso.slice(14, 16) +
    iso.slice(17, 19) +
    pad6(Math.floor(time[1] / 1000)) +
    'Z'
  );
}

/** Microseconds since the epoch (exact within 2^53 µs, i.e. until the year 2255). */
export function toMicros(time: HrTime): number {
  return time[0] * 1e6 + Math.floor(time[1] / 1000);
}

/** The later of two times. */
export function laterOf(a: HrTime, b: HrTime): HrTime {
  return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]) ? a : b;
}

/** `time` plus `seconds` (fractional). */
export function addSeconds(time: HrTime, seconds: number): HrTime {
  const whole = Math.floor(seconds);
  let nanos = time[1] + Math.round((seconds - whole) * 1e9);
  let secs = time[0] + whole;
  if (nanos >= 1e9) {
    secs += Math.floor(nanos / 1e9);
    nanos %= 1e9;
  }
  return [secs, nanos];
}

function pad6(n: number): string {
  return n.toString().padStart(6, '0');
}
