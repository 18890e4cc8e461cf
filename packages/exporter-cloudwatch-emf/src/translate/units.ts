/**
 * OpenTelemetry units (UCUM, as the semantic conventions write them) → CloudWatch units.
 * CloudWatch knows a fixed list; anything else is sent as `None` so the metric is still accepted.
 */

/** Every unit CloudWatch accepts in a metric definition. */
export const CLOUDWATCH_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;

export type CloudWatchUnit = (typeof CLOUDWATCH_UNITS)[number];

const KNOWN: ReadonlySet<string> = new Set(CLOUDWATCH_UNITS);

export interface MappedUnit {
  unit: CloudWatchUnit;
  /** Multiply every value by this (only `ns` → Microseconds needs it: CloudWatch has no ns). */
  scale: number;
}

const BASE: Readonly<Record<string, CloudWatchUnit>> = {
  s: 'Seconds',
  ms: 'Milliseconds',
  us: 'Microseconds',
  By: 'Bytes',
  kBy: 'Kilobytes',
  KBy: 'Kilobytes',
  KiBy: 'Kilobytes',
  MBy: 'Megabytes',
  MiBy: 'Megabytes',
  GBy: 'Gigabytes',
  GiBy: 'Gigabytes',
  TBy: 'Terabytes',
  TiBy: 'Terabytes',
  bit: 'Bits',
  kbit: 'Kilobits',
  Kibit: 'Kilobits',
  Mbit: 'Megabits',
  Mibit: 'Megabits',
  Gbit: 'Gigabits',
  Gibit: 'Gigabits',
  Tbit: 'Terabits',
  Tibit: 'Terabits',
  '%': 'Percent',
  '1': 'None',
};

const CURRENCY = /^\{?[A-Z]{3}\}?$/;
const SAME: MappedUnit = { unit: 'None', scale: 1 };
const cache = new Map<string, MappedUnit>();

/**
 * The CloudWatch unit for an OTel unit: `s` → Seconds, `ms` → Milliseconds, `ns` → Microseconds
 * (values ÷ 1000), `By` → Bytes, `bit` → Bits (with k/M/G/T prefixes), `X/s` → `X/Second`,
 * `%` → Percent, a bare annotation like `{token}` or `{request}` → Count, `{x}/s` → Count/Second,
 * a CloudWatch unit name as is; a currency (`USD`, `{USD}`) and anything else (`1`, `min`,
 * empty) → None.
 */
export function mapUnit(otelUnit: string): MappedUnit {
  let hit = cache.get(otelUnit);
  if (hit === undefined) {
    hit = compute(otelUnit.trim());
    // The set of units a process uses is tiny; the bound only guards against garbage input.
    if (cache.size < 1000) cache.set(otelUnit, hit);
  }
  return hit;
}

function compute(u: string): MappedUnit {
  if (u === '') return SAME;
  if (KNOWN.has(u)) return { unit: u as CloudWatchUnit, scale: 1 };
  if (u === 'ns') return { unit: 'Microseconds', scale: 0.001 };
  const base = BASE[u];
  if (base) return { unit: base, scale: 1 };
  // `{USD}`: an amount of money (ISO 4217 code) is not a count of things.
  if (CURRENCY.test(u)) return SAME;
  if (isAnnotation(u)) return { unit: 'Count', scale: 1 };
  const slash = u.lastIndexOf('/');
  if (slash > 0 && u.slice(slash + 1) === 's') {
    const per = u.slice(0, slash);
    const numerator = BASE[per];
    if (numerator && (numerator.endsWith('bytes') || numerator.endsWith('Bytes'))) {
      return { unit: `${numerator}/Second` as CloudWatchUnit, scale: 1 };
    }
    if (numerator?.endsWith('bits') || numerator === 'Bits') {
      return { unit: `${numerator}/Second` as CloudWatchUnit, scale: 1 };
    }
    if (isAnnotation(per) || per === '1') return { unit: 'Count/Second', scale: 1 };
  }
  return SAME;
}

/** `{token}`, `{request}`: a count of things, in UCUM's curly-brace annotation. */
function isAnnotation(u: string): boolean {
  return u.length > 2 && u.startsWith('{') && u.endsWith('}') && !u.slice(1, -1).includes('}');
}

export function isCloudWatchUnit(u: string): u is CloudWatchUnit {
  return KNOWN.has(u);
}
