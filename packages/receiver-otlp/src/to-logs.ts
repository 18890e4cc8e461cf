import type { SeverityNumber, SpanContext, TraceFlags } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  list,
  obj,
  toAnyValue,
  toAnyValueMap,
  toAttributes,
  toHexId,
  toHrTime,
  toInt,
  toStr,
} from './values.js';

/** The log records of one Export request, and those refused (with why). */
export interface ReceivedLogs {
  records: ReadableLogRecord[];
  rejected: number;
  /** Why records were refused (the first reason), for `partial_success.error_message`. */
  reason: string | undefined;
}

type Scope = ReadableLogRecord['instrumentationScope'];

/**
 * An ExportLogsServiceRequest (decoded protobuf or OTLP/JSON) as log records for the pipelines,
 * each with its ResourceLogs' Resource and its ScopeLogs' scope (shared, so exporters group by
 * them as the SDK's own records are grouped). Trace and span ids are optional on a log record; one
 * of the wrong length is refused (partial success). A payload that breaks the schema throws a
 * PayloadError and nothing of it is taken.
 */
export function toReceivedLogs(request: unknown): ReceivedLogs {
  const out: ReceivedLogs = { records: [], rejected: 0, reason: undefined };
  for (const rl of list(obj(request)?.resourceLogs)) {
    const resourceLogs = obj(rl);
    if (!resourceLogs) continue;
    const schemaUrl = toStr(resourceLogs.schemaUrl);
    const resource = resourceFromAttributes(
      toAttributes(obj(resourceLogs.resource)?.attributes),
      schemaUrl ? { schemaUrl } : {},
    );
    for (const sl of list(resourceLogs.scopeLogs)) {
      const scopeLogs = obj(sl);
      if (!scopeLogs) continue;
      const message = obj(scopeLogs.scope);
      const scope: Scope = {
        name: toStr(message?.name),
        version: toStr(message?.version) || undefined,
        schemaUrl: toStr(scopeLogs.schemaUrl) || undefined,
        attributes: toAttributes(message?.attributes),
        droppedAttributesCount: toInt(message?.droppedAttributesCount),
      };
      for (const r of list(scopeLogs.logRecords)) {
        const record = obj(r);
        if (!record) continue;
        const built = toLogRecord(record, resource, scope);
        if (typeof built === 'string') {
          out.rejected++;
          out.reason ??= built;
        } else out.records.push(built);
      }
    }
  }
  return out;
}

function toLogRecord(
  r: Record<string, unknown>,
  resource: Resource,
  scope: Scope,
): ReadableLogRecord | string {
  const traceId = toHexId(r.traceId);
  const spanId = toHexId(r.spanId);
  // Both ids are optional (a record outside any span); when given they must have their length.
  if (traceId !== '' && traceId.length !== 32) return `invalid trace id ${JSON.stringify(traceId)}`;
  if (spanId !== '' && spanId.length !== 16) return `invalid span id ${JSON.stringify(spanId)}`;
  const spanContext: SpanContext | undefined =
    traceId && spanId && !/^0+$/.test(traceId) && !/^0+$/.test(spanId)
      ? { traceId, spanId, traceFlags: (toInt(r.flags) & 0xff) as TraceFlags }
      : undefined;
  const severityText = toStr(r.severityText);
  const severityNumber = toInt(r.severityNumber);
  const body = toAnyValue(r.body);
  const eventName = toStr(r.eventName);
  return {
    hrTime: toHrTime(r.timeUnixNano),
    hrTimeObserved: toHrTime(r.observedTimeUnixNano),
    ...(spanContext ? { spanContext } : {}),
    ...(severityText ? { severityText } : {}),
    ...(severityNumber ? { severityNumber: severityNumber as SeverityNumber } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(eventName ? { eventName } : {}),
    resource,
    instrumentationScope: scope,
    // A log record's attributes may nest (AnyValue), unlike a span's: kept whole.
    attributes: toAnyValueMap(r.attributes) as ReadableLogRecord['attributes'],
    droppedAttributesCount: toInt(r.droppedAttributesCount),
  };
}
