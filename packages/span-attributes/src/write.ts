import type { Attributes, AttributeValue, Span } from '@opentelemetry/api';

/**
 * The fields of an `@opentelemetry/sdk-trace` span that `setAttribute` reads and writes. Only
 * read on spans whose class passed `trustSpans`, whose `setAttribute` they are.
 */
export interface SdkSpanFields {
  setAttribute: unknown;
  attributes: Record<string, AttributeValue>;
  _attributesCount: number;
  _ended: boolean;
  _spanLimits: { attributeCountLimit?: number; attributeValueLengthLimit?: number };
}

/**
 * The `setAttribute` of the one span class found to give what `trustSpans` checked; none until
 * then. A span whose `setAttribute` is any other function (another SDK or version, a wrapper, a
 * patched instance, a non-recording span) is always given to its own `setAttribute`.
 */
let trusted: unknown;

/** Trusts the class whose `setAttribute` this is; `undefined` trusts none. For `trustSpans`. */
export function setTrusted(setAttribute: unknown): void {
  trusted = setAttribute;
}

/** A check to run at the first write that finds no trusted class (`trustSpansLazily`). */
let pendingCheck: (() => void) | undefined;

export function setPendingCheck(check: (() => void) | undefined): void {
  pendingCheck = check;
}

/**
 * Sets one attribute on `span` as its `setAttribute(key, value)` would, byte for byte in what the
 * span then holds, for a value the caller built: a string, a number, a boolean, or an array of
 * one of those kinds (copied, as the SDK copies it).
 *
 * Why: the SDK checks each value for any shape an `AnyValue` may take, and allocates a `WeakSet`
 * and an options object per call to do it (`@opentelemetry/core` 3.x): a third of the garbage a
 * traced LLM call makes (bench/README.md, openai-pipelines). The values an instrumentation or a
 * processor builds need none of that. Anything outside the plain case — an untrusted span, an
 * ended one, a new key past the count limit, a string longer than the length limit, an empty key,
 * another kind of value — goes to `span.setAttribute`, so warnings, drops and truncation stay the
 * SDK's own.
 */
export function writeAttribute(span: Span, key: string, value: AttributeValue): void {
  const s = span as unknown as SdkSpanFields;
  if (s.setAttribute !== trusted && pendingCheck !== undefined) {
    const check = pendingCheck;
    pendingCheck = undefined;
    check();
  }
  if (s.setAttribute !== trusted || s._ended !== false || !write(s, key, value)) {
    span.setAttribute(key, value);
  }
}

/**
 * Whether `writeAttribute` would now write onto `span` directly: its class is the trusted one
 * and it has not ended. (A lazy check still pending is not run.) For diagnostics and tests.
 */
export function writesDirectly(span: Span): boolean {
  const s = span as unknown as SdkSpanFields;
  return trusted !== undefined && s.setAttribute === trusted && s._ended === false;
}

/** `writeAttribute` for each own key of `attrs` whose value is not `undefined`, in their order. */
export function writeAttributes(span: Span, attrs: Attributes): void {
  for (const key in attrs) {
    const value = attrs[key];
    if (value !== undefined && Object.hasOwn(attrs, key)) writeAttribute(span, key, value);
  }
}

/** The plain case on a trusted, live span; false (nothing written) for any other. */
export function write(s: SdkSpanFields, key: string, value: AttributeValue): boolean {
  const limits = s._spanLimits;
  const max = limits.attributeValueLengthLimit;
  // The SDK warns on every write under a limit that is not positive (and one SDK so reads none).
  if (typeof max !== 'number' || !(max > 0)) return false;
  let stored: AttributeValue = value;
  switch (typeof value) {
    case 'string':
      if (value.length > max) return false;
      break;
    case 'number':
    case 'boolean':
      break;
    default:
      if (!Array.isArray(value)) return false;
      // Of one kind: SDKs before 3.x refuse mixed arrays, 3.x keeps them (the SDK's call).
      if (value.length > 0) {
        const kind = typeof value[0];
        if (kind !== 'string' && kind !== 'number' && kind !== 'boolean') return false;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (typeof item !== kind || (kind === 'string' && (item as string).length > max))
            return false;
        }
      }
      // The SDK stores a copy: the caller's array may change later.
      stored = value.slice() as AttributeValue;
  }
  if (key.length === 0) return false;
  const attrs = s.attributes;
  if (!Object.hasOwn(attrs, key)) {
    // A new key past the limit is the SDK's to drop (it counts and warns); `undefined` is none.
    if (s._attributesCount >= (limits.attributeCountLimit as number)) return false;
    s._attributesCount++;
  }
  attrs[key] = stored;
  return true;
}
