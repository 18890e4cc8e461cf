/**
 * A log record as a CloudWatch Logs event: its timestamp (ms) and message. `raw_log: false`
 * writes the collector's awscloudwatchlogs JSON (`body`, `severity_number`, `severity_text`,
 * `flags`, `trace_id`, `span_id`, `attributes`, `resource`), so Logs Insights sees
 * `attributes.model`; `raw_log: true` writes the body as is — or, for a record without a body
 * (genai_events' records), its attributes as one flat JSON object, so Insights sees `model`.
 */
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** Epoch ms of a record: its timestamp, else when it was observed. */
export function timestampMs(record: ReadableLogRecord): number {
  const t =
    record.hrTime[0] === 0 && record.hrTime[1] === 0 ? record.hrTimeObserved : record.hrTime;
  return t[0] * 1000 + Math.floor(t[1] / 1e6);
}

export function toMessage(record: ReadableLogRecord, raw: boolean): string {
  const body = record.body;
  if (raw) {
    if (typeof body === 'string') return body;
    return body === undefined || body === null
      ? JSON.stringify(record.attributes)
      : JSON.stringify(body, bytesAsBase64);
  }
  const out: Record<string, unknown> = {};
  if (body !== undefined && body !== null) out.body = body;
  if (record.severityNumber !== undefined) out.severity_number = record.severityNumber;
  if (record.severityText) out.severity_text = record.severityText;
  if (record.droppedAttributesCount > 0)
    out.dropped_attributes_count = record.droppedAttributesCount;
  const ctx = record.spanContext;
  if (ctx) {
    out.flags = ctx.traceFlags;
    out.trace_id = ctx.traceId;
    out.span_id = ctx.spanId;
  }
  if (Object.keys(record.attributes).length > 0) out.attributes = record.attributes;
  const resource = record.resource?.attributes;
  if (resource && Object.keys(resource).length > 0) out.resource = resource;
  return JSON.stringify(out, bytesAsBase64);
}

/** A bytes body or attribute (OTLP `bytesValue`) as base64, as the collector writes it. */
function bytesAsBase64(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
}
