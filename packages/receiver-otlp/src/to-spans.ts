import {
  type Link,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
} from '@opentelemetry/api';
import { type InstrumentationScope, TraceState } from '@opentelemetry/core';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { TimedEvent } from '@opentelemetry/sdk-trace';
import { ReceivedSpan } from './received-span.js';
import { list, obj, toAttributes, toHexId, toHrTime, toInt, toStr } from './values.js';

/** The spans of one Export request, and those refused (with why). */
export interface ReceivedSpans {
  spans: ReceivedSpan[];
  rejected: number;
  /** Why spans were refused (the first reason), for `partial_success.error_message`. */
  reason: string | undefined;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
/** Span.flags: bit 8 says whether bit 9 (the parent is remote) is known. */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

/**
 * An ExportTraceServiceRequest (decoded protobuf or OTLP/JSON) as spans for the pipelines. The
 * spans of one ResourceSpans share one Resource, those of one ScopeSpans one scope: exporters
 * group by them. A span without a valid trace or span id is refused (partial success); a
 * payload that breaks the schema throws a PayloadError and nothing of it is taken.
 */
export function toReceivedSpans(request: unknown): ReceivedSpans {
  const out: ReceivedSpans = { spans: [], rejected: 0, reason: undefined };
  for (const rs of list(obj(request)?.resourceSpans)) {
    const resourceSpans = obj(rs);
    if (!resourceSpans) continue;
    const resourceMessage = obj(resourceSpans.resource);
    const resource = toResource(resourceMessage, toStr(resourceSpans.schemaUrl));
    for (const ss of list(resourceSpans.scopeSpans)) {
      const scopeSpans = obj(ss);
      if (!scopeSpans) continue;
      const scopeMessage = obj(scopeSpans.scope);
      const scope: InstrumentationScope = {
        name: toStr(scopeMessage?.name),
        version: toStr(scopeMessage?.version) || undefined,
        schemaUrl: toStr(scopeSpans.schemaUrl) || undefined,
      };
      for (const s of list(scopeSpans.spans)) {
        const span = obj(s);
        if (!span) continue;
        const built = toSpan(span, resource, scope);
        if (typeof built === 'string') {
          out.rejected++;
          out.reason ??= built;
        } else out.spans.push(built);
      }
    }
  }
  return out;
}

function toResource(message: Record<string, unknown> | undefined, schemaUrl: string): Resource {
  const resource = resourceFromAttributes(toAttributes(message?.attributes), {
    ...(schemaUrl ? { schemaUrl } : {}),
  });
  return resource;
}

function toSpan(
  s: Record<string, unknown>,
  resource: Resource,
  scope: InstrumentationScope,
): ReceivedSpan | string {
  const traceId = toHexId(s.traceId);
  const spanId = toHexId(s.spanId);
  // toHexId gives lowercase hex: the length and the all-zero id are all left to check.
  if (traceId.length !== 32 || traceId === ZERO_TRACE)
    return `invalid trace id ${JSON.stringify(traceId)}`;
  if (spanId.length !== 16 || spanId === ZERO_SPAN)
    return `invalid span id ${JSON.stringify(spanId)}`;
  const flags = toInt(s.flags);
  const traceState = toStr(s.traceState);
  // Exported means recorded and sampled where it was made: the SAMPLED flag is set whatever the
  // sender wrote (older SDKs send no flags), or the exporters' queues would skip the span.
  const spanContext: SpanContext = {
    traceId,
    spanId,
    traceFlags: (flags & 0xff) | TraceFlags.SAMPLED,
    ...(traceState ? { traceState: new TraceState(traceState) } : {}),
  };
  const parentId = toHexId(s.parentSpanId);
  const parentSpanContext =
    parentId && parentId !== ZERO_SPAN
      ? {
          traceId,
          spanId: parentId,
          traceFlags: TraceFlags.SAMPLED,
          isRemote: (flags & HAS_IS_REMOTE) !== 0 && (flags & IS_REMOTE) !== 0,
        }
      : undefined;
  const status = obj(s.status);
  const code = toInt(status?.code);
  return new ReceivedSpan({
    name: toStr(s.name),
    kind: toKind(toInt(s.kind)),
    spanContext,
    parentSpanContext,
    startTime: toHrTime(s.startTimeUnixNano),
    endTime: toHrTime(s.endTimeUnixNano),
    status: {
      code:
        code === 1 ? SpanStatusCode.OK : code === 2 ? SpanStatusCode.ERROR : SpanStatusCode.UNSET,
      ...(status?.message ? { message: toStr(status.message) } : {}),
    },
    attributes: toAttributes(s.attributes),
    links: list(s.links).map(toLink),
    events: list(s.events).map(toEvent),
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: toInt(s.droppedAttributesCount),
    droppedEventsCount: toInt(s.droppedEventsCount),
    droppedLinksCount: toInt(s.droppedLinksCount),
  });
}

/** OTLP's SpanKind is the API's plus one (0 = unspecified, read as internal). */
function toKind(kind: number): SpanKind {
  return kind >= 1 && kind <= 5 ? ((kind - 1) as SpanKind) : SpanKind.INTERNAL;
}

function toLink(l: unknown): Link {
  const link = obj(l) ?? {};
  const traceState = toStr(link.traceState);
  return {
    context: {
      traceId: toHexId(link.traceId),
      spanId: toHexId(link.spanId),
      traceFlags: toInt(link.flags) & 0xff,
      ...(traceState ? { traceState: new TraceState(traceState) } : {}),
    },
    attributes: toAttributes(link.attributes),
    droppedAttributesCount: toInt(link.droppedAttributesCount),
  };
}

function toEvent(e: unknown): TimedEvent {
  const event = obj(e) ?? {};
  return {
    name: toStr(event.name),
    time: toHrTime(event.timeUnixNano),
    attributes: toAttributes(event.attributes),
    droppedAttributesCount: toInt(event.droppedAttributesCount),
  };
}
