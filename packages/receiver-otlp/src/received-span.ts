import type {
  Attributes,
  AttributeValue,
  HrTime,
  Link,
  SpanAttributes,
  SpanContext,
  SpanKind,
  SpanStatus,
  TimeInput,
} from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { Span, TimedEvent } from '@opentelemetry/sdk-trace';

/** The fields of a span decoded from OTLP, as `ReceivedSpan` takes them. */
export interface ReceivedSpanData {
  name: string;
  kind: SpanKind;
  spanContext: SpanContext;
  parentSpanContext: SpanContext | undefined;
  startTime: HrTime;
  endTime: HrTime;
  status: SpanStatus;
  attributes: Attributes;
  links: Link[];
  events: TimedEvent[];
  resource: Resource;
  instrumentationScope: InstrumentationScope;
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
}

/**
 * A span that ended in another process, as the pipeline's processors and exporters know spans: a
 * `ReadableSpan` whose attributes, status and name can still be changed (what a processor does in
 * `onEnding`, e.g. `genai_cost` adding the cost). It is already ended: `end()` does nothing and
 * times never move; `isRecording()` is true until the pipeline is done with it, so the setters
 * work as on an in-process span during `onEnding`.
 */
export class ReceivedSpan implements Span {
  name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext: SpanContext | undefined;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly duration: HrTime;
  status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: TimedEvent[];
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
  readonly ended = true;
  readonly #context: SpanContext;

  constructor(data: ReceivedSpanData) {
    this.name = data.name;
    this.kind = data.kind;
    this.#context = data.spanContext;
    this.parentSpanContext = data.parentSpanContext;
    this.startTime = data.startTime;
    this.endTime = data.endTime;
    this.duration = hrDiff(data.startTime, data.endTime);
    this.status = data.status;
    this.attributes = data.attributes;
    this.links = data.links;
    this.events = data.events;
    this.resource = data.resource;
    this.instrumentationScope = data.instrumentationScope;
    this.droppedAttributesCount = data.droppedAttributesCount;
    this.droppedEventsCount = data.droppedEventsCount;
    this.droppedLinksCount = data.droppedLinksCount;
  }

  spanContext(): SpanContext {
    return this.#context;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (value === undefined || value === null) return this;
    (this.attributes as Record<string, AttributeValue>)[key] = value;
    return this;
  }

  setAttributes(attributes: SpanAttributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
    return this;
  }

  setStatus(status: SpanStatus): this {
    this.status = status;
    return this;
  }

  updateName(name: string): this {
    this.name = name;
    return this;
  }

  /**
   * A processor's event in `onEnding` (e.g. genai_budget's crossing), timed now: as on an
   * in-process span before it ends. An explicit time is ignored (the span's times never move).
   */
  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, _time?: TimeInput): this {
    const attributes =
      attributesOrTime !== null &&
      typeof attributesOrTime === 'object' &&
      !Array.isArray(attributesOrTime) &&
      !(attributesOrTime instanceof Date)
        ? (attributesOrTime as Attributes)
        : {};
    const ms = Date.now();
    this.events.push({
      name,
      attributes,
      time: [Math.floor(ms / 1000), (ms % 1000) * 1e6],
      droppedAttributesCount: 0,
    });
    return this;
  }

  addLink(_link: Link): this {
    return this;
  }

  addLinks(_links: Link[]): this {
    return this;
  }

  recordException(_exception: unknown, _time?: TimeInput): void {}

  end(_endTime?: TimeInput): void {}

  isRecording(): boolean {
    return true;
  }
}

function hrDiff(start: HrTime, end: HrTime): HrTime {
  let seconds = end[0] - start[0];
  let nanos = end[1] - start[1];
  if (nanos < 0) {
    seconds -= 1;
    nanos += 1e9;
  }
  // A clock skewed end before start reads as zero, as the SDK's duration never goes negative.
  return seconds < 0 ? [0, 0] : [seconds, nanos];
}
