import type { Attributes, Context, Span, SpanKind, SpanOptions, Tracer } from '@opentelemetry/api';
import { writeAttributes } from './write.js';

/**
 * One start under way through `startSpanWith`: its attributes, for the provider's
 * `StartAttributesProcessor` to write when the span's processors are told it started.
 */
interface Handoff {
  readonly parent: Context;
  readonly attributes: Attributes;
  /** Also given to `startSpan` (a tracer not yet seen to stamp): the processor only confirms. */
  readonly given: boolean;
  /** The span the processor took the handoff for. */
  span: Span | undefined;
}

/** Starts are synchronous: the innermost one under way (restored after a nested one). */
let current: Handoff | undefined;

/** Tracers seen to stamp: their provider's first span processor is a `StartAttributesProcessor`. */
const stamping = new WeakSet<Tracer>();

/**
 * `startSpan` options per kind, shared: the SDK's `startSpan` only reads them. (Kinds are the
 * API's numbers 0–4.)
 */
const OPTIONS: SpanOptions[] = [0, 1, 2, 3, 4].map((kind) => Object.freeze({ kind }));

/**
 * `tracer.startSpan(name, { kind, attributes }, parent)`, as its sampler and span processors see
 * it when the provider puts a `StartAttributesProcessor` first (as `@genai-otel/sdk` does, with a
 * sampler that reads no attributes); the same call otherwise.
 *
 * Why: the SDK's `startSpan` checks and copies every start attribute twice (before and after the
 * sampler), allocating a `WeakSet` per value to do it (`@opentelemetry/core` 3.x): in the
 * openai-pipelines benchmark, 1.5–2 µs of a traced call's 9–10 µs. When the provider stamps, the
 * attributes are instead handed to its first processor, which writes them onto the span
 * (`writeAttributes`: the SDK's own semantics, limits included) before any other processor's
 * `onStart` runs, so every processor, exporter and connector sees the span as before.
 *
 * A tracer is trusted to stamp only after one of its starts was seen to (that start also gives
 * the attributes to `startSpan`, as any start whose provider does not stamp does); its
 * provider's sampler never sees start attributes after that. A tracer keeps its provider
 * (`ProxyTracer` included: its delegate, once found, is kept).
 */
export function startSpanWith(
  tracer: Tracer,
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  parent: Context,
): Span {
  const given = !stamping.has(tracer);
  const handoff: Handoff = { parent, attributes, given, span: undefined };
  const outer = current;
  current = handoff;
  let span: Span;
  try {
    span = tracer.startSpan(name, given ? { kind, attributes } : OPTIONS[kind]!, parent);
  } finally {
    current = outer;
  }
  // Only the span this start returned counts: a processor of another provider may start spans of
  // its own while this one starts.
  if (handoff.span === span) {
    if (given) stamping.add(tracer);
  } else if (!given && span.isRecording()) {
    // Not stamped though the tracer stamps: its processors saw the span without them, but the
    // span still gets them.
    writeAttributes(span, attributes);
  }
  return span;
}

/**
 * A span processor that writes the attributes `startSpanWith` hands over onto the span, as the
 * SDK would have at its start. Put it **first** in the provider's processors, and only in a
 * provider whose sampler reads no attributes (the SDK's built-in ones: always on or off, trace-id
 * ratio, parent-based of those): the sampler of a start that was handed over sees none.
 */
export class StartAttributesProcessor {
  onStart(span: Span, parentContext: Context): void {
    const handoff = current;
    if (handoff === undefined || handoff.span !== undefined || handoff.parent !== parentContext)
      return;
    handoff.span = span;
    if (!handoff.given) writeAttributes(span, handoff.attributes);
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
