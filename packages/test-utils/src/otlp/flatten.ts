import { SpanKind } from '@opentelemetry/api';

/** One span as tests want to see it, whichever encoding carried it. */
export interface FlatSpan {
  traceId: string;
  spanId: string;
  /** `undefined` for a root span. */
  parentSpanId: string | undefined;
  traceState: string | undefined;
  name: string;
  /** The API's `SpanKind` (OTLP's kind minus one; unspecified reads as INTERNAL). */
  kind: SpanKind;
  attributes: Record<string, unknown>;
  /** `code` as the API's `SpanStatusCode` (0 unset, 1 ok, 2 error), which OTLP shares. */
  status: { code: number; message?: string };
  events: { name: string; timeUnixNano: string; attributes: Record<string, unknown> }[];
  links: {
    traceId: string;
    spanId: string;
    traceState?: string;
    attributes: Record<string, unknown>;
  }[];
  /** The resource's attributes. */
  resource: Record<string, unknown>;
  scope: { name: string; version?: string; attributes: Record<string, unknown> };
  /** Nanoseconds since the epoch, as a decimal string (int64 does not fit a number). */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  droppedAttributesCount: number;
}

export interface FlatDataPoint {
  attributes: Record<string, unknown>;
  startTimeUnixNano?: string;
  timeUnixNano?: string;
  /** Gauge and sum points. */
  value?: number;
  /** Histogram and summary points. */
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
}

export interface FlatMetric {
  name: string;
  description: string;
  unit: string;
  type: 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary' | 'unknown';
  /** 1 delta, 2 cumulative (sums and histograms). */
  aggregationTemporality?: number;
  isMonotonic?: boolean;
  dataPoints: FlatDataPoint[];
  resource: Record<string, unknown>;
  scope: { name: string; version?: string; attributes: Record<string, unknown> };
}

/** One log record as tests want to see it, whichever encoding carried it. */
export interface FlatLogRecord {
  /** Hex; empty when the record belongs to no span. */
  traceId: string;
  spanId: string;
  /** Nanoseconds since the epoch, as a decimal string. */
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string | undefined;
  /** The body as a JS value (a string, a number, an object for a kvlist…). */
  body: unknown;
  eventName: string | undefined;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: { name: string; version?: string; attributes: Record<string, unknown> };
}

type Plain = Record<string, unknown>;

const arr = (v: unknown): Plain[] => (Array.isArray(v) ? (v as Plain[]) : []);
const hex = (v: unknown): string => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : '');
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** OTLP AnyValue → JS: ints as numbers (bigint past 2^53), arrays, kvlists as objects, bytes. */
export function anyValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  const a = v as Plain;
  if ('stringValue' in a) return a.stringValue;
  if ('boolValue' in a) return a.boolValue;
  if ('intValue' in a) {
    const big = BigInt(a.intValue as string);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(big)
      : big;
  }
  if ('doubleValue' in a) return a.doubleValue;
  if ('arrayValue' in a) return arr((a.arrayValue as Plain).values).map(anyValue);
  if ('kvlistValue' in a) return attributes((a.kvlistValue as Plain).values);
  if ('bytesValue' in a) return a.bytesValue;
  return undefined;
}

export function attributes(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of arr(list)) out[kv.key as string] = anyValue(kv.value);
  return out;
}

function scopeOf(scope: unknown): FlatSpan['scope'] {
  const s = (scope ?? {}) as Plain;
  const out: FlatSpan['scope'] = {
    name: (s.name as string) ?? '',
    attributes: attributes(s.attributes),
  };
  const version = str(s.version);
  if (version !== undefined) out.version = version;
  return out;
}

/** ExportTraceServiceRequest (canonical plain form) → one FlatSpan per span, in request order. */
export function flattenTraces(request: Plain): FlatSpan[] {
  const spans: FlatSpan[] = [];
  for (const rs of arr(request.resourceSpans)) {
    const resource = attributes((rs.resource as Plain | undefined)?.attributes);
    for (const ss of arr(rs.scopeSpans)) {
      const scope = scopeOf(ss.scope);
      for (const s of arr(ss.spans)) {
        const status = (s.status ?? {}) as Plain;
        const otlpKind = typeof s.kind === 'number' ? s.kind : 0;
        spans.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: hex(s.parentSpanId) || undefined,
          traceState: str(s.traceState),
          name: (s.name as string) ?? '',
          kind: (otlpKind > 0 ? otlpKind - 1 : SpanKind.INTERNAL) as SpanKind,
          attributes: attributes(s.attributes),
          status: {
            code: typeof status.code === 'number' ? status.code : 0,
            ...(str(status.message) !== undefined ? { message: status.message as string } : {}),
          },
          events: arr(s.events).map((e) => ({
            name: (e.name as string) ?? '',
            timeUnixNano: (e.timeUnixNano as string) ?? '0',
            attributes: attributes(e.attributes),
          })),
          links: arr(s.links).map((l) => ({
            traceId: hex(l.traceId),
            spanId: hex(l.spanId),
            ...(str(l.traceState) !== undefined ? { traceState: l.traceState as string } : {}),
            attributes: attributes(l.attributes),
          })),
          resource,
          scope,
          startTimeUnixNano: (s.startTimeUnixNano as string) ?? '0',
          endTimeUnixNano: (s.endTimeUnixNano as string) ?? '0',
          droppedAttributesCount: (s.droppedAttributesCount as number) ?? 0,
        });
      }
    }
  }
  return spans;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : undefined;

function dataPoint(p: Plain): FlatDataPoint {
  const out: FlatDataPoint = { attributes: attributes(p.attributes) };
  for (const key of ['startTimeUnixNano', 'timeUnixNano'] as const) {
    if (typeof p[key] === 'string') out[key] = p[key] as string;
  }
  const value = num(p.asInt) ?? num(p.asDouble);
  if (value !== undefined) out.value = value;
  for (const key of ['count', 'sum', 'min', 'max'] as const) {
    const v = num(p[key]);
    if (v !== undefined) out[key] = v;
  }
  if (Array.isArray(p.bucketCounts)) out.bucketCounts = p.bucketCounts.map((c) => Number(c));
  if (Array.isArray(p.explicitBounds)) out.explicitBounds = p.explicitBounds as number[];
  return out;
}

const METRIC_TYPES = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/** ExportMetricsServiceRequest (canonical plain form) → one FlatMetric per metric. */
export function flattenMetrics(request: Plain): FlatMetric[] {
  const metrics: FlatMetric[] = [];
  for (const rm of arr(request.resourceMetrics)) {
    const resource = attributes((rm.resource as Plain | undefined)?.attributes);
    for (const sm of arr(rm.scopeMetrics)) {
      const scope = scopeOf(sm.scope);
      for (const m of arr(sm.metrics)) {
        const type = METRIC_TYPES.find((t) => m[t] !== undefined) ?? 'unknown';
        const data = (type === 'unknown' ? {} : m[type]) as Plain;
        const metric: FlatMetric = {
          name: (m.name as string) ?? '',
          description: (m.description as string) ?? '',
          unit: (m.unit as string) ?? '',
          type,
          dataPoints: arr(data.dataPoints).map(dataPoint),
          resource,
          scope,
        };
        if (typeof data.aggregationTemporality === 'number') {
          metric.aggregationTemporality = data.aggregationTemporality;
        }
        if (type === 'sum') metric.isMonotonic = data.isMonotonic === true;
        metrics.push(metric);
      }
    }
  }
  return metrics;
}

/** ExportLogsServiceRequest (canonical plain form) → one FlatLogRecord per record, in order. */
export function flattenLogs(request: Plain): FlatLogRecord[] {
  const records: FlatLogRecord[] = [];
  for (const rl of arr(request.resourceLogs)) {
    const resource = attributes((rl.resource as Plain | undefined)?.attributes);
    for (const sl of arr(rl.scopeLogs)) {
      const scope = scopeOf(sl.scope);
      for (const r of arr(sl.logRecords)) {
        records.push({
          traceId: hex(r.traceId),
          spanId: hex(r.spanId),
          timeUnixNano: (r.timeUnixNano as string) ?? '0',
          observedTimeUnixNano: (r.observedTimeUnixNano as string) ?? '0',
          severityNumber: typeof r.severityNumber === 'number' ? r.severityNumber : 0,
          severityText: str(r.severityText),
          body: anyValue(r.body),
          eventName: str(r.eventName),
          attributes: attributes(r.attributes),
          resource,
          scope,
        });
      }
    }
  }
  return records;
}
