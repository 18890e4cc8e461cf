import { type Attributes, type HrTime, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { formatDuration } from './format-common.js';

/** The collector's detailed layout: resource once, then every field of every span. */
export function formatDetailed(spans: ReadableSpan[]): string {
  let out = '';
  let lastResource: unknown;
  spans.forEach((span, i) => {
    if (span.resource !== lastResource) {
      lastResource = span.resource;
      out += `Resource:\n${formatAttributes(span.resource.attributes, '     -> ')}`;
    }
    const ctx = span.spanContext();
    const scope = span.instrumentationScope;
    out += `Span #${i}\n`;
    const fields: [string, string][] = [
      ['Trace ID', ctx.traceId],
      ['Parent ID', span.parentSpanContext?.spanId ?? ''],
      ['ID', ctx.spanId],
      ['Name', span.name],
      ['Kind', SpanKind[span.kind] ?? String(span.kind)],
      ['Scope', scope.version ? `${scope.name}@${scope.version}` : scope.name],
      ['Start time', hrToIso(span.startTime)],
      ['End time', hrToIso(span.endTime)],
      ['Duration', formatDuration(span.duration)],
      ['Status code', SpanStatusCode[span.status.code] ?? String(span.status.code)],
      ['Status message', span.status.message ?? ''],
    ];
    for (const [k, v] of fields) out += `    ${k.padEnd(15)}: ${v}\n`;
    out += `Attributes:\n${formatAttributes(span.attributes, '     -> ')}`;
    if (span.events.length > 0) {
      out += 'Events:\n';
      span.events.forEach((event, j) => {
        out += `SpanEvent #${j}\n     -> Name: ${event.name}\n     -> Timestamp: ${hrToIso(event.time)}\n`;
        if (event.attributes && Object.keys(event.attributes).length > 0) {
          out += `     -> Attributes:\n${formatAttributes(event.attributes, '         -> ')}`;
        }
      });
    }
    if (span.links.length > 0) {
      out += 'Links:\n';
      span.links.forEach((link, j) => {
        out += `SpanLink #${j}\n     -> Trace ID: ${link.context.traceId}\n     -> ID: ${link.context.spanId}\n`;
      });
    }
  });
  return out;
}

function formatAttributes(attributes: Attributes, prefix: string): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${prefix}${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`)
    .join('');
}

function hrToIso(time: HrTime): string {
  const ms = time[0] * 1e3 + time[1] / 1e6;
  const iso = new Date(Math.floor(ms)).toISOString();
  // Keep microseconds: sub-millisecond LLM streaming events would otherwise tie.
  const micros = String(Math.floor((time[1] / 1e3) % 1e3)).padStart(3, '0');
  return iso.replace('Z', `${micros}Z`);
}
