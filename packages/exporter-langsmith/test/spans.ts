import {
  type Attributes,
  context,
  type HrTime,
  type SpanContext,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

const memory = new InMemorySpanExporter();
const provider = new TracerProvider({
  spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
});
const tracer = provider.getTracer('unit');

export interface SpanSpec {
  name: string;
  attributes?: Attributes;
  /** Start, in ms since the epoch. */
  start?: number;
  end?: number;
  parent?: ReadableSpan | SpanContext;
}

/** A finished span made by the real SDK. */
export function makeSpan(spec: SpanSpec): ReadableSpan {
  memory.reset();
  let ctx = context.active();
  if (spec.parent) {
    const parent = 'spanContext' in spec.parent ? spec.parent.spanContext() : spec.parent;
    ctx = trace.setSpanContext(ctx, parent);
  }
  const start = spec.start ?? Date.UTC(2026, 0, 2, 3, 4, 5, 6);
  const span = tracer.startSpan(spec.name, { attributes: spec.attributes, startTime: start }, ctx);
  span.end(spec.end ?? start + 10);
  return memory.getFinishedSpans()[0]!;
}

export function remoteParent(): SpanContext {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };
}

export const hr = (ms: number): HrTime => [Math.floor(ms / 1000), (ms % 1000) * 1e6];
