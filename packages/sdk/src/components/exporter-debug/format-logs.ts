import { type AnyValue, type HrTime, SeverityNumber } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { DebugExporterConfig } from './config.js';
import { batchHeader, plural } from './format-common.js';

/**
 * The text one batch of log records prints at a verbosity, ending in a newline. normal: one line
 * per record (time, severity, trace/span ids, body); detailed: its attributes and scope below it.
 */
export function formatLogs(
  records: ReadableLogRecord[],
  verbosity: DebugExporterConfig['verbosity'],
): string {
  let out = `${batchHeader(plural(records.length, 'log record'), records[0]?.resource.attributes)}\n`;
  if (verbosity === 'basic') return out;
  for (const r of records) {
    const ctx = r.spanContext;
    const ids = ctx ? `${ctx.traceId.slice(0, 8)}/${ctx.spanId.slice(0, 8)}` : '-';
    out += `  ${isoTime(r.hrTime)}  ${severityOf(r).padEnd(5)}  ${ids}  ${text(r.body)}\n`;
    if (verbosity !== 'detailed') continue;
    if (r.eventName) out += `     event ${r.eventName}\n`;
    for (const [k, v] of Object.entries(r.attributes)) out += `     -> ${k}: ${text(v)}\n`;
    const scope = r.instrumentationScope;
    out += `     scope ${scope.name}${scope.version ? `@${scope.version}` : ''}\n`;
  }
  return out;
}

function isoTime([seconds, nanos]: HrTime): string {
  return new Date(seconds * 1e3 + Math.floor(nanos / 1e6)).toISOString();
}

/** The record's own text (`warn`), else its number's name (`WARN`), else `-`. */
function severityOf(r: ReadableLogRecord): string {
  if (r.severityText) return r.severityText;
  if (r.severityNumber === undefined) return '-';
  return (SeverityNumber[r.severityNumber] ?? String(r.severityNumber)).replace(/\d+$/, '');
}

function text(value: AnyValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  return JSON.stringify(value);
}
