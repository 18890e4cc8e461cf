import type { HrTime } from '@opentelemetry/api';

// Spans of one batch mostly start within the same few seconds: the date part of a second is
// formatted once and reused (`Date#toISOString` dominates the cost otherwise).
let cachedSecond = Number.NaN;
let cachedIso = '';
let cachedStamp = '';

function second(seconds: number): void {
  if (seconds === cachedSecond) return;
  const iso = new Date(seconds * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  cachedSecond = seconds;
  cachedIso = iso.slice(0, 19);
  cachedStamp =
    iso.slice(0, 4) +
    iso.slice(5, 7) +
    iso.slice(8, 10) +
    'T' +
    iso.slice(11, 13) +
    iso.slice(14, 16) +
    iso.slice(17, 19);
}

function micros(nanos: number): string {
  return Math.floor(nanos / 1000)
    .toString()
    .padStart(6, '0');
}

/**
 * OTel time (seconds + nanoseconds) → `YYYY-MM-DDTHH:MM:SS.ffffffZ`. LangSmith keeps microseconds;
 * `Date#toISOString` would drop them.
 */
export function isoMicros(time: HrTime): string {
  second(time[0]);
  return `${cachedIso}.${micros(time[1])}Z`;
}

/** The dotted-order stamp of a time: `YYYYMMDDTHHMMSSffffffZ`. */
export function dottedStamp(time: HrTime): string {
  second(time[0]);
  return `${cachedStamp}${micros(time[1])}Z`;
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
