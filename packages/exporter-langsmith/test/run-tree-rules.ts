/**
 * LangSmith's run-tree rules (shared/reference/langsmith.md), checked over a set of stored runs:
 * dotted orders root-first with `YYYYMMDDTHHMMSSffffffZ<uuid>` segments, the first uuid the trace
 * id, the last the run's own id, the parent's dotted order a prefix of the child's, and no child
 * starting before its parent. Returns every problem found (empty when the tree is valid).
 */
import type { Run } from './langsmith-server.js';

const SEGMENT =
  /^(\d{8}T\d{6}\d{6}Z)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function runTreeProblems(runs: Iterable<Run>): string[] {
  const all = new Map<string, Run>();
  for (const r of runs) all.set(r.id, r);
  const problems: string[] = [];
  for (const run of all.values()) {
    const dotted = String(run.dotted_order ?? '');
    const segments = dotted.split('.');
    const parsed = segments.map((s) => SEGMENT.exec(s));
    if (parsed.some((m) => m === null)) {
      problems.push(`${run.name}: malformed dotted_order ${dotted}`);
      continue;
    }
    if (parsed.at(-1)![2] !== run.id)
      problems.push(`${run.name}: dotted_order does not end with its id`);
    if (parsed[0]![2] !== run.trace_id)
      problems.push(`${run.name}: dotted_order does not start with trace_id`);
    const stamp = parsed.at(-1)![1];
    const start = String(run.start_time);
    const expected = start.replace(/[-:]/g, '').replace('.', '');
    if (expected !== stamp)
      problems.push(`${run.name}: dotted_order time ${stamp} ≠ start_time ${start}`);
    if (segments.length === 1) {
      if (run.parent_run_id !== undefined) problems.push(`${run.name}: root with a parent_run_id`);
      if (run.trace_id !== run.id) problems.push(`${run.name}: root whose trace_id is not its id`);
      continue;
    }
    const parent = all.get(String(run.parent_run_id));
    if (parent === undefined) {
      problems.push(`${run.name}: parent ${String(run.parent_run_id)} not stored`);
      continue;
    }
    if (parsed.at(-2)![2] !== parent.id)
      problems.push(`${run.name}: dotted_order parent ≠ parent_run_id`);
    if (segments.slice(0, -1).join('.') !== parent.dotted_order) {
      problems.push(`${run.name}: parent's dotted_order is not its prefix`);
    }
    if (run.trace_id !== parent.trace_id)
      problems.push(`${run.name}: trace_id differs from its parent's`);
    if (String(run.start_time) < String(parent.start_time)) {
      problems.push(`${run.name}: starts before its parent`);
    }
  }
  return problems;
}

/**
 * The tree as indented `run_type name` lines, parents first, siblings by start then end time
 * (OpenTelemetry JS starts spans on whole milliseconds, so siblings can share a start).
 */
export function outline(runs: Iterable<Run>): string[] {
  const children = new Map<string | undefined, Run[]>();
  for (const r of runs) {
    const parent = r.parent_run_id as string | undefined;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const order = (a: Run, b: Run) =>
    String(a.start_time).localeCompare(String(b.start_time)) ||
    String(a.end_time).localeCompare(String(b.end_time));
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const r of (children.get(parent) ?? []).sort(order)) {
      lines.push(`${'  '.repeat(depth)}${String(r.run_type)} ${String(r.name)}`);
      walk(r.id, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}
