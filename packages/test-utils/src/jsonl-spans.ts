import { readFile } from 'node:fs/promises';
import {
  type FlatLogRecord,
  type FlatMetric,
  type FlatSpan,
  flattenLogs,
  flattenMetrics,
  flattenTraces,
} from './otlp/flatten.js';
import { decodeJson } from './otlp/proto.js';

/**
 * Reads a file of OTLP/JSON lines (one ExportTraceServiceRequest per line, as the `file` exporter
 * writes) into the receiver's flattened span shape. Blank lines are skipped, and so are metrics
 * lines of a file both signals share (they hold no `resourceSpans`); a bad line throws with its
 * line number.
 */
export function readJsonlSpans(path: string): Promise<FlatSpan[]> {
  return readJsonl(path, (json) => flattenTraces(decodeJson('traces', json)));
}

/** The same for metrics: one ExportMetricsServiceRequest per line; trace lines hold no metrics. */
export function readJsonlMetrics(path: string): Promise<FlatMetric[]> {
  return readJsonl(path, (json) => flattenMetrics(decodeJson('metrics', json)));
}

/** The same for logs: one ExportLogsServiceRequest per line; other lines hold no records. */
export function readJsonlLogs(path: string): Promise<FlatLogRecord[]> {
  return readJsonl(path, (json) => flattenLogs(decodeJson('logs', json)));
}

async function readJsonl<T>(path: string, read: (json: unknown) => T[]): Promise<T[]> {
  const text = await readFile(path, 'utf8');
  const out: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(...read(JSON.parse(line)));
    } catch (err) {
      throw new Error(`${path}:${i + 1}: ${(err as Error).message}`);
    }
  });
  return out;
}
