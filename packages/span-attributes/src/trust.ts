import type { AttributeValue, Span } from '@opentelemetry/api';
import { type SdkSpanFields, setPendingCheck, setTrusted, write } from './write.js';

/** The limits a probe span must be started with (`spanLimits` of the SDK's `TracerProvider`). */
export interface ProbeLimits {
  attributeCountLimit: number;
  attributeValueLengthLimit: number;
}

const LIMITS: ProbeLimits = { attributeCountLimit: 16, attributeValueLengthLimit: 8 };

const WORDS = ['x', 'yy'];

/**
 * The cases the fast path takes and some it hands back, in one order: new keys of each kind,
 * overwrites (with the same and another kind), arrays, strings over the length limit (which the
 * SDK truncates). None that makes the SDK warn (an empty key, the count limit): the probe must
 * not log; that the fast path hands those back is tested in the package.
 */
const SCRIPT: [string, AttributeValue][] = [
  ['s', 'short'],
  ['n', 42.5],
  ['b', false],
  ['s', 'other'],
  ['n', 'now text'],
  ['a', WORDS],
  ['m', [1, 2.5, 3]],
  ['long', 'longer than eight'],
  ['arr', ['fits', 'does not fit']],
  ['b', true],
];

/**
 * Lets `writeAttribute` write directly onto the spans of one SDK span class, once it has checked,
 * on that class itself, that doing so leaves a span exactly as its own `setAttribute` does.
 * `startSpan(limits)` must start a span of that class from a tracer with those span limits and
 * no span processor (it is never ended). Returns whether the class is now trusted; on any
 * difference, or any error, it is not, and every write goes through `setAttribute`.
 *
 * Called by `@genai-otel/sdk` with its own `@opentelemetry/sdk-trace`. Only one class is trusted
 * at a time: the last one that passed.
 */
export function trustSpans(startSpan: (limits: ProbeLimits) => Span): boolean {
  try {
    const bySdk = startSpan(LIMITS);
    const byUs = startSpan(LIMITS);
    const setAttribute = (bySdk as unknown as SdkSpanFields).setAttribute;
    if (
      typeof setAttribute !== 'function' ||
      (byUs as unknown as SdkSpanFields).setAttribute !== setAttribute
    )
      return false;
    for (const [key, value] of SCRIPT) {
      bySdk.setAttribute(key, value);
      if (!write(byUs as unknown as SdkSpanFields, key, value)) byUs.setAttribute(key, value);
    }
    // The array the span holds is its own, as the SDK's is.
    if (!same(bySdk, byUs) || (byUs as unknown as Recorded).attributes.a === WORDS) return false;
    setTrusted(setAttribute);
    return true;
  } catch {
    return false;
  }
}

/**
 * `trustSpans(startSpan)`, run at the first write that finds no trusted class rather than now: a
 * start that never writes an attribute never pays for the check (its first spans compile the
 * SDK's span code, 4–10 ms of CPU when done at start-up).
 */
export function trustSpansLazily(startSpan: (limits: ProbeLimits) => Span): void {
  setPendingCheck(() => trustSpans(startSpan));
}

/** Stops writing directly onto any span (for tests, and a provider shut down for good). */
export function trustNoSpans(): void {
  setPendingCheck(undefined);
  setTrusted(undefined);
}

interface Recorded {
  attributes: Record<string, unknown>;
  droppedAttributesCount: number;
  _attributesCount: number;
}

/** Same keys in the same order (the order they are exported in), same values, same counts. */
function same(x: Span, y: Span): boolean {
  const a = x as unknown as Recorded;
  const b = y as unknown as Recorded;
  if (a.droppedAttributesCount !== b.droppedAttributesCount) return false;
  if (a._attributesCount !== b._attributesCount) return false;
  const keys = Object.keys(a.attributes);
  const other = Object.keys(b.attributes);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== other[i] || !sameValue(a.attributes[key], b.attributes[key])) return false;
  }
  return true;
}

function sameValue(x: unknown, y: unknown): boolean {
  if (!Array.isArray(x) || !Array.isArray(y)) return Object.is(x, y);
  return x.length === y.length && x.every((item, i) => Object.is(item, y[i]));
}
