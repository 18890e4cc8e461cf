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
  /**
   * Siblings by start time (ties by position), or by name: the SDK takes a span's start from
   * Date.now() in whole milliseconds, so siblings started in the same millisecond have no
   * recorded order — a test of a fast sequence asserts the tree by name and the order apart.
   */
  siblings: 'start' | 'name' = 'start',
): string[] {
  const lines: string[] = [];
  const position = new Map(spans.map((s, i) => [s, i]));
  const walk = (parentId: string, depth: number) => {
    const children = spans
      .filter((s) => s.parentSpanId === parentId)
      .sort(
        (a, b) =>
          (siblings === 'name'
            ? a.name.localeCompare(b.name)
            : compareNanos(a.startTimeUnixNano, b.startTimeUnixNano)) ||
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

/** Orders two OTLP nanosecond timestamps (decimal strings). */
export function compareNanos(a: string, b: string): number {
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** The spans of one trace, in their order in `spans`. */
export function traceOf(spans: readonly FlatSpan[], traceId: string): FlatSpan[] {
  return spans.filter((s) => s.traceId === traceId);
}

/**
 * An expected tree written as `spanTree` prints it (two spaces per level), with each node's
 * children put in name order: what `spanTree(…, 'name')` returns for the same spans.
 */
export function sortTreeLines(lines: readonly string[]): string[] {
  interface Node {
    line: string;
    children: Node[];
  }
  const root: Node = { line: '', children: [] };
  const stack: { depth: number; node: Node }[] = [{ depth: -1, node: root }];
  for (const line of lines) {
    const depth = (line.length - line.trimStart().length) / 2;
    while (stack[stack.length - 1]!.depth >= depth) stack.pop();
    const node: Node = { line, children: [] };
    stack[stack.length - 1]!.node.children.push(node);
    stack.push({ depth, node });
  }
  const out: string[] = [];
  const emit = (node: Node) => {
    const sorted = [...node.children].sort((a, b) => a.line.trim().localeCompare(b.line.trim()));
    for (const child of sorted) {
      out.push(child.line);
      emit(child);
    }
  };
  emit(root);
  return out;
}
