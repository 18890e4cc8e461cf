/**
 * LangSmith's `dotted_order`: one segment per run from the root down, each
 * `YYYYMMDDTHHMMSSffffffZ<run id>`; the first segment's id is the trace id, the last the run's own.
 */
export function dottedSegment(stamp: string, runId: string): string {
  return stamp + runId;
}

/** A child's dotted order under its parent's. */
export function childDottedOrder(parent: string, stamp: string, runId: string): string {
  return `${parent}.${stamp}${runId}`;
}

/** The segments of a dotted order, root first, as `{ stamp, id }`. */
export function parseDottedOrder(dotted: string): { stamp: string; id: string }[] {
  return dotted.split('.').map((segment) => {
    const z = segment.indexOf('Z');
    return { stamp: segment.slice(0, z + 1), id: segment.slice(z + 1) };
  });
}
