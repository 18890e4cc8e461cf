import type { Link, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import { attributes, spanAttributes } from './attributes.js';
import { T } from './tags.js';
import type { ProtoWriter } from './writer.js';

const SPAN_FLAGS_HAS_IS_REMOTE = 0x100;
const SPAN_FLAGS_IS_REMOTE = 0x200;

/** A span's `Span` message (its length prefix included), field by field as the official writes it. */
export function spanMessage(w: ProtoWriter, span: ReadableSpan): void {
  const at = w.begin(2);
  const ctx = span.spanContext();
  w.ensure(1);
  w.tag1(T.span_traceId);
  w.hexBytes(ctx.traceId);
  w.ensure(1);
  w.tag1(T.span_spanId);
  w.hexBytes(ctx.spanId);
  traceState(w, ctx, T.span_traceState);
  const parent = span.parentSpanContext;
  if (parent?.spanId) {
    w.ensure(1);
    w.tag1(T.span_parentSpanId);
    w.hexBytes(parent.spanId);
  }
  w.ensure(1);
  w.tag1(T.span_name);
  w.string(span.name);
  const kind = span.kind == null ? 0 : span.kind + 1;
  if (kind !== 0) {
    w.ensure(2);
    w.tag1(T.span_kind);
    w.varint(kind);
  }
  w.ensure(1);
  w.tag1(T.span_start);
  w.hrTime(span.startTime);
  w.ensure(1);
  w.tag1(T.span_end);
  w.hrTime(span.endTime);
  if (span.attributes) spanAttributes(w, span.attributes);
  w.ensure(1);
  w.tag1(T.span_droppedAttributes);
  w.varint(span.droppedAttributesCount);
  for (const event of span.events) {
    w.ensure(1);
    w.tag1(T.span_events);
    eventMessage(w, event);
  }
  w.ensure(1);
  w.tag1(T.span_droppedEvents);
  w.varint(span.droppedEventsCount);
  for (const link of span.links) {
    w.ensure(1);
    w.tag1(T.span_links);
    linkMessage(w, link);
  }
  w.ensure(1);
  w.tag1(T.span_droppedLinks);
  w.varint(span.droppedLinksCount);
  w.ensure(1);
  w.tag1(T.span_status);
  const st = w.begin(1);
  if (span.status.message) {
    w.ensure(1);
    w.tag1(T.status_message);
    w.string(span.status.message);
  }
  w.ensure(1);
  w.tag1(T.status_code);
  w.varint(span.status.code);
  w.end(st, 1);
  // Span.flags is field 16: a two-byte tag, then fixed32. Never 0 (the has-is-remote bit is set).
  w.ensure(2);
  w.tag1(0x85);
  w.tag1(0x01);
  w.fixed32(spanFlags(ctx.traceFlags, parent?.isRemote));
  w.end(at, 2);
}

function eventMessage(w: ProtoWriter, event: TimedEvent): void {
  const at = w.begin(1);
  w.ensure(1);
  w.tag1(T.event_time);
  w.hrTime(event.time);
  w.ensure(1);
  w.tag1(T.event_name);
  w.string(event.name);
  if (event.attributes) attributes(w, event.attributes, T.event_attributes);
  w.ensure(1);
  w.tag1(T.event_dropped);
  w.varint(event.droppedAttributesCount || 0);
  w.end(at, 1);
}

function linkMessage(w: ProtoWriter, link: Link): void {
  const at = w.begin(1);
  const ctx = link.context;
  w.ensure(1);
  w.tag1(T.link_traceId);
  w.hexBytes(ctx.traceId);
  w.ensure(1);
  w.tag1(T.link_spanId);
  w.hexBytes(ctx.spanId);
  traceState(w, ctx, T.link_traceState);
  if (link.attributes) attributes(w, link.attributes, T.link_attributes);
  w.ensure(1);
  w.tag1(T.link_dropped);
  w.varint(link.droppedAttributesCount || 0);
  w.ensure(1);
  w.tag1(T.link_flags);
  w.fixed32(spanFlags(ctx.traceFlags, ctx.isRemote));
  w.end(at, 1);
}

function traceState(w: ProtoWriter, ctx: SpanContext, tag: number): void {
  const state = ctx.traceState?.serialize();
  if (state) {
    w.ensure(1);
    w.tag1(tag);
    w.string(state);
  }
}

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  const flags = (traceFlags & 0xff) | SPAN_FLAGS_HAS_IS_REMOTE;
  return isRemote ? flags | SPAN_FLAGS_IS_REMOTE : flags;
}
