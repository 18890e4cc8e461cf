import type { FlatSpan } from './otlp/flatten.js';

/**
 * A trace as indented lines (two spaces a level), children in start order: one `toEqual` checks
 * names and parent/child links at once. The SDK stamps starts to the millisecond (and ends
 * relative to that), so siblings that ran one after the other within one millisecond tie: they
 * are then taken in their order in `spans`, which is the exporter's (end) order. `label` adds a
 * detail to a line (an attribute that tells siblings apart).
 */
export function spanTree(
  spans: readonly FlatSpan[],
  rootId: string,
  label: (span: FlatSpan) => string = () => '',
): string[] {
  const lines: string[] = [];
  const position = new Map(spans.map((s, i) => [s, i]));
  const walk = (parentId: string, depth: number) => {
    const children = spans
      .filter((s) => s.parentSpanId === parentId)
      .sort(
        (a, b) =>
          compareNanos(a.startTimeUnixNano, b.startTimeUnixNano) ||
          position.get(a)! - position.get(b)!,
      );
    for (const child of children) {
      lines.push(`${'  '.repeat(depth)}${child.name}${label(child)}`);
      walk(child.spanId, depth + 1);
    }
  };
  const root = spans.find((s) => s.spanId === rootId);
  if (!root) throw new Error(`no span ${rootId}`);
  lines.push(`${root.name}${label(root)}`);
  walk(rootId, 1);
  return lines;
}

function compareNanos(a: string, b: string): number {
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** The spans of one trace, in their order in `spans`. */
export function traceOf(spans: readonly FlatSpan[], traceId: string): FlatSpan[] {
  return spans.filter((s) => s.traceId === traceId);
}
