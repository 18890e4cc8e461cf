// Sits between the BatchSpanProcessor and the OTLP exporter: counts what is really exported (a
// variant whose instrumentation records nothing must show up as broken, not as fast) and, while
// `capture` is on, keeps plain copies of the spans for the capability table. Counting is one
// addition per batch, so it does not disturb the timing.

/** @param {import('@opentelemetry/api').HrTime} t */
const hrToNs = (t) => t[0] * 1e9 + t[1];

/** A JSON-friendly copy of a ReadableSpan: what the capability table and results file need. */
export function plainSpan(span) {
  const start = hrToNs(span.startTime);
  return {
    name: span.name,
    kind: span.kind,
    scope: span.instrumentationScope?.name ?? span.instrumentationLibrary?.name ?? '',
    durationUs: Math.round((hrToNs(span.endTime) - start) / 1e3),
    attributes: { ...span.attributes },
    events: (span.events ?? []).map((e) => ({
      name: e.name,
      offsetUs: Math.round((hrToNs(e.time) - start) / 1e3),
      attributes: { ...(e.attributes ?? {}) },
    })),
    status: span.status?.code ?? 0,
  };
}

export class CountingExporter {
  /** @param {import('@opentelemetry/sdk-trace').SpanExporter} inner */
  constructor(inner) {
    this.inner = inner;
    this.exported = 0;
    this.failedBatches = 0;
    this.capture = false;
    /** @type {ReturnType<typeof plainSpan>[]} */
    this.captured = [];
    // An exporter whose queue holds another form of each span (genai-otel's otlp_http: encoded
    // bytes) keeps it behind this wrapper, so the pipeline is measured as users run it; the spans
    // are then captured as they are queued, before they take that form.
    const form = inner.spanQueue;
    if (form) {
      this.spanQueue = {
        hold: (span) => {
          if (this.capture) this.captured.push(plainSpan(span));
          return form.hold(span);
        },
        release: (spans) => form.release(spans),
      };
    }
  }

  export(spans, resultCallback) {
    this.exported += spans.length;
    if (this.capture && !this.spanQueue) for (const s of spans) this.captured.push(plainSpan(s));
    this.inner.export(spans, (result) => {
      if (result.code !== 0) this.failedBatches++;
      resultCallback(result);
    });
  }

  /** Returns and forgets what was captured so far. */
  take() {
    const out = this.captured;
    this.captured = [];
    return out;
  }

  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown() {
    return this.inner.shutdown();
  }
}
