import { readFile } from 'node:fs/promises';
import { type FlatSpan, flattenTraces } from './otlp/flatten.js';
import { decodeJson } from './otlp/proto.js';

/**
 * Reads a file of OTLP/JSON lines (one ExportTraceServiceRequest per line, as the `file` exporter
 * writes) into the receiver's flattened span shape. Blank lines are skipped; a bad line throws
 * with its line number.
 */
export async function readJsonlSpans(path: string): Promise<FlatSpan[]> {
  const text = await readFile(path, 'utf8');
  const spans: FlatSpan[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      spans.push(...flattenTraces(decodeJson('traces', JSON.parse(line))));
    } catch (err) {
      throw new Error(`${path}:${i + 1}: ${(err as Error).message}`);
    }
  });
  return spans;
}
