import { describe, expect, it } from 'vitest';
import { makeSpan, remoteParent } from '../../test/spans.js';
import { RunTreeAssembler } from './run-tree-assembler.js';

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 6);

function assembler(overrides: Partial<ConstructorParameters<typeof RunTreeAssembler>[0]> = {}) {
  let now = 0;
  const a = new RunTreeAssembler({
    maxTracked: 100,
    maxPending: 100,
    parentWaitMs: 1_000,
    now: () => now,
    ...overrides,
  });
  return { a, tick: (ms: number) => (now += ms) };
}

describe('RunTreeAssembler', () => {
  const root = makeSpan({ name: 'root', start: T0, end: T0 + 100 });
  const child = makeSpan({ name: 'child', parent: root, start: T0 + 10, end: T0 + 50 });
  const grandchild = makeSpan({ name: 'grandchild', parent: child, start: T0 + 20, end: T0 + 30 });

  it('places a trace exported children first, one span per batch, once the root arrives', () => {
    const { a } = assembler();
    expect(a.add([grandchild])).toEqual([]);
    expect(a.add([child])).toEqual([]);
    expect(a.pending).toBe(2);
    const placed = a.add([root]);
    expect(placed.map((p) => p.span.name)).toEqual(['root', 'child', 'grandchild']);
    const [r, c, g] = placed.map((p) => p.placement);
    expect(r!.traceId).toBe(r!.id);
    expect(r!.dottedOrder).toBe(`20260102T030405006000Z${r!.id}`);
    expect(c!.parentRunId).toBe(r!.id);
    expect(c!.dottedOrder).toBe(`${r!.dottedOrder}.20260102T030405016000Z${c!.id}`);
    expect(g!.parentRunId).toBe(c!.id);
    expect(g!.dottedOrder.startsWith(`${c!.dottedOrder}.`)).toBe(true);
    expect(g!.traceId).toBe(r!.id);
    expect(a.pending).toBe(0);
  });

  it('places a whole batch in any order, parents first', () => {
    const { a } = assembler();
    expect(a.add([grandchild, child, root]).map((p) => p.span.name)).toEqual([
      'root',
      'child',
      'grandchild',
    ]);
  });

  it('finds a parent exported in an earlier batch', () => {
    const { a } = assembler();
    a.add([root]);
    expect(a.add([child]).map((p) => p.placement.parentRunId)).toEqual([
      a.add([root])[0]!.placement.id,
    ]);
  });

  it('gives the same ids when a span is exported again (a retry)', () => {
    const first = assembler()
      .a.add([root, child])
      .map((p) => p.placement);
    const again = assembler()
      .a.add([child, root])
      .map((p) => p.placement);
    expect(again).toEqual(first);
  });

  it('makes a span with a remote parent a root at once', () => {
    const { a } = assembler();
    const span = makeSpan({ name: 'from upstream', parent: remoteParent() });
    const [p] = a.add([span]);
    expect(p!.placement.parentRunId).toBeUndefined();
    expect(p!.placement.traceId).toBe(p!.placement.id);
  });

  it('makes a span whose parent never comes a root after parentWaitMs, with its subtree', () => {
    const { a, tick } = assembler();
    a.add([grandchild]);
    tick(500);
    a.add([child]);
    tick(600);
    // The grandchild waited 1100 ms, the child 600: only the child's own wait counts for it,
    // and the grandchild is placed under it either way.
    expect(a.expire()).toEqual([]);
    tick(400);
    const placed = a.expire();
    expect(placed.map((p) => p.span.name)).toEqual(['child', 'grandchild']);
    expect(placed[0]!.placement.parentRunId).toBeUndefined();
    expect(placed[1]!.placement.parentRunId).toBe(placed[0]!.placement.id);
    expect(a.pending).toBe(0);
  });

  it('holds at most maxPending spans: the oldest become roots', () => {
    const { a } = assembler({ maxPending: 2 });
    const kids = [1, 2, 3, 4].map((i) => makeSpan({ name: `k${i}`, parent: root, start: T0 + i }));
    const placed = a.add(kids);
    expect(placed.map((p) => p.span.name)).toEqual(['k1', 'k2']);
    expect(a.pending).toBe(2);
    expect(a.expire(true).map((p) => p.span.name)).toEqual(['k3', 'k4']);
  });

  it('never lets a child start before its parent (clock skew)', () => {
    const { a } = assembler();
    const early = makeSpan({ name: 'early', parent: root, start: T0 - 5, end: T0 + 5 });
    const [, p] = a.add([root, early]);
    expect(p!.placement.startTime).toEqual(root.startTime);
    expect(p!.placement.dottedOrder.split('.')[1]!.startsWith('20260102T030405006000Z')).toBe(true);
  });

  it('forgets placed spans past maxTracked (least recently used first)', () => {
    const { a } = assembler({ maxTracked: 1 });
    const other = makeSpan({ name: 'other' });
    a.add([root]);
    a.add([other]);
    // root was forgotten: its late child waits instead of being placed.
    expect(a.add([child])).toEqual([]);
    expect(a.pending).toBe(1);
  });
});
