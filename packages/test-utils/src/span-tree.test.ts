import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { FlatSpan } from './otlp/flatten.js';
import { spanTree, traceOf } from './span-tree.js';

const span = (
  traceId: string,
  spanId: string,
  parentSpanId: string | undefined,
  name: string,
  startTimeUnixNano: string,
  attributes: Record<string, unknown> = {},
): FlatSpan => ({
  traceId,
  spanId,
  parentSpanId,
  traceState: undefined,
  name,
  kind: SpanKind.INTERNAL,
  attributes,
  status: { code: 0 },
  events: [],
  links: [],
  resource: {},
  scope: { name: 'test', attributes: {} },
  startTimeUnixNano,
  endTimeUnixNano: startTimeUnixNano,
  droppedAttributesCount: 0,
});

// In end order, as an exporter hands them over: children before their parents.
const spans = [
  span('t1', 'c', 'b', 'tool lookup', '1700000000002000000'),
  // Past 2^53: compared as integers, not as floats (which would make the two starts equal).
  span('t1', 'e', 'a', 'chat later', '1700000000009000001', { n: 2 }),
  span('t1', 'd', 'a', 'chat tie-first', '1700000000009000000', { n: 1 }),
  span('t1', 'b', 'a', 'agent', '1700000000001000000'),
  span('t2', 'x', undefined, 'other trace', '1700000000000000000'),
  span('t1', 'f', 'a', 'chat tie-second', '1700000000009000000', { n: 3 }),
  span('t1', 'a', undefined, 'workflow', '1700000000000000000'),
];

describe('spanTree', () => {
  it('indents children under parents in start order, ties in the order of the list', () => {
    expect(spanTree(spans, 'a')).toEqual([
      'workflow',
      '  agent',
      '    tool lookup',
      '  chat tie-first',
      '  chat tie-second',
      '  chat later',
    ]);
  });

  it('adds the label of each span and starts from any span', () => {
    const label = (s: FlatSpan) => (s.attributes.n === undefined ? '' : ` #${s.attributes.n}`);
    expect(spanTree(spans, 'a', label).slice(3)).toEqual([
      '  chat tie-first #1',
      '  chat tie-second #3',
      '  chat later #2',
    ]);
    expect(spanTree(spans, 'b')).toEqual(['agent', '  tool lookup']);
  });

  it('names a root that is not there', () => {
    expect(() => spanTree(spans, 'zz')).toThrow('no span zz');
  });
});

describe('traceOf', () => {
  it('keeps the spans of one trace in their order', () => {
    expect(traceOf(spans, 't1').map((s) => s.spanId)).toEqual(['c', 'e', 'd', 'b', 'f', 'a']);
    expect(traceOf(spans, 't2').map((s) => s.name)).toEqual(['other trace']);
  });
});
