/**
 * Streams the spans of OTLP/JSON-lines files (one `ExportTraceServiceRequest` per line, as the
 * `file` exporter writes them), one line in memory at a time. Lines of metrics or logs requests in
 * a shared file carry no `resourceSpans` and are passed over; a line that is not JSON is reported
 * with its position and the rest of the file is still read.
 *
 * Only what a report needs is decoded, straight from the OTLP/JSON mapping (hex ids, int64 as
 * string or number, enum integers); the protobuf machinery of the OTLP packages would cost a
 * message object per span for nothing.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ATTR_SERVICE_NAME } from '@genai-otel/semantic-conventions';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { ATTR_EXCEPTION_TYPE, EVENT_EXCEPTION } from '@opentelemetry/semantic-conventions';

/** One span as the report reads it. */
export interface ReportSpan {
  traceId: string;
  spanId: string;
  /** `undefined` for a root span. */
  parentSpanId: string | undefined;
  name: string;
  /** Nanoseconds since the epoch. */
  startNs: bigint;
  durationMs: number;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string | undefined;
  attributes: Attributes;
  /** The resource's `service.name`. */
  service: string | undefined;
  /** `exception.type` of the span's first `exception` event, if any. */
  exceptionType: string | undefined;
}

export interface BadLine {
  file: string;
  line: number;
  message: string;
}

type Json = Record<string, unknown>;

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** OTLP/JSON AnyValue → an attribute value (kvlists as JSON text: attributes are flat). */
export function anyValue(v: unknown): AttributeValue | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const a = v as Json;
  if (typeof a.stringValue === 'string') return a.stringValue;
  if (typeof a.boolValue === 'boolean') return a.boolValue;
  if (a.intValue !== undefined) return Number(a.intValue);
  if (a.doubleValue !== undefined) return Number(a.doubleValue);
  if (a.arrayValue !== undefined) {
    return list((a.arrayValue as Json).values).map(anyValue) as AttributeValue;
  }
  if (a.kvlistValue !== undefined)
    return JSON.stringify(attributesOf((a.kvlistValue as Json).values));
  if (typeof a.bytesValue === 'string') return a.bytesValue;
  return undefined;
}

export function attributesOf(kvs: unknown): Attributes {
  const out: Attributes = {};
  for (const kv of list(kvs)) {
    const value = anyValue(kv.value);
    if (typeof kv.key === 'string' && value !== undefined) out[kv.key] = value;
  }
  return out;
}

function exceptionType(events: unknown): string | undefined {
  for (const e of list(events)) {
    if (e.name !== EVENT_EXCEPTION) continue;
    const type = attributesOf(e.attributes)[ATTR_EXCEPTION_TYPE];
    if (typeof type === 'string' && type !== '') return type;
  }
  return undefined;
}

const nanos = (v: unknown): bigint => {
  try {
    return BigInt((v as string | number | undefined) ?? 0);
  } catch {
    return 0n;
  }
};

/** Every span of one parsed line (an ExportTraceServiceRequest), in request order. */
export function* spansOfRequest(request: Json): Generator<ReportSpan> {
  for (const rs of list(request.resourceSpans)) {
    const resource = attributesOf((rs.resource as Json | undefined)?.attributes);
    const service = resource[ATTR_SERVICE_NAME];
    for (const ss of list(rs.scopeSpans)) {
      for (const s of list(ss.spans)) {
        const start = nanos(s.startTimeUnixNano);
        const end = nanos(s.endTimeUnixNano);
        const status = (s.status ?? {}) as Json;
        const parent = typeof s.parentSpanId === 'string' ? s.parentSpanId.toLowerCase() : '';
        yield {
          traceId: String(s.traceId ?? '').toLowerCase(),
          spanId: String(s.spanId ?? '').toLowerCase(),
          parentSpanId: parent === '' ? undefined : parent,
          name: typeof s.name === 'string' ? s.name : '',
          startNs: start,
          durationMs: end > start ? Number(end - start) / 1e6 : 0,
          statusCode: typeof status.code === 'number' ? status.code : 0,
          statusMessage:
            typeof status.message === 'string' && status.message !== ''
              ? status.message
              : undefined,
          attributes: attributesOf(s.attributes),
          service: typeof service === 'string' ? service : undefined,
          exceptionType: exceptionType(s.events),
        };
      }
    }
  }
}

/**
 * Calls `onSpan` for every span of `files`, in file then line order. Unreadable lines go to
 * `onBadLine`; a file that cannot be opened rejects.
 */
export async function readSpanFiles(
  files: readonly string[],
  onSpan: (span: ReportSpan) => void,
  onBadLine: (bad: BadLine) => void,
): Promise<void> {
  for (const file of files) {
    const stream = createReadStream(file, { encoding: 'utf8' });
    // Surfaces ENOENT & co. before readline swallows them into an early 'close'.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      let request: Json;
      try {
        request = JSON.parse(line) as Json;
      } catch (err) {
        onBadLine({ file, line: n, message: `not JSON (${(err as Error).message})` });
        continue;
      }
      if (request === null || typeof request !== 'object') {
        onBadLine({ file, line: n, message: 'not an OTLP/JSON export request' });
        continue;
      }
      for (const span of spansOfRequest(request)) onSpan(span);
    }
  }
}
