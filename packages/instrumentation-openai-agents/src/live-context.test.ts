import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { baseOf, LiveContext } from './live-context.js';

const span = (id: string) =>
  trace.wrapSpanContext({ traceId: '1'.repeat(32), spanId: id.repeat(16), traceFlags: 1 });
const KEY = Symbol('other');

describe('LiveContext', () => {
  it("reads its active span from the source at each read, else the base's", () => {
    let current: unknown;
    const base = trace.setSpan(ROOT_CONTEXT, span('a')).setValue(KEY, 'kept');
    const live = new LiveContext(base, () => current);
    // The API's own getter sees it: the key is the API's.
    expect(trace.getSpan(live)?.spanContext().spanId).toBe('a'.repeat(16));
    current = span('b');
    expect(trace.getSpan(live)?.spanContext().spanId).toBe('b'.repeat(16));
    expect(live.getValue(KEY)).toBe('kept');
  });

  it('stays live through other keys; a span set explicitly makes it plain', () => {
    const current = span('b');
    const live = new LiveContext(ROOT_CONTEXT, () => current, 'hidden-id');
    const more = live.setValue(KEY, 1);
    expect(more).toBeInstanceOf(LiveContext);
    expect((more as LiveContext).hidden).toBe('hidden-id');
    expect(trace.getSpan(more)).toBe(current);
    const own = trace.setSpan(live, span('c'));
    expect(own).not.toBeInstanceOf(LiveContext);
    expect(trace.getSpan(own)?.spanContext().spanId).toBe('c'.repeat(16));
    expect(baseOf(live)).toBe(ROOT_CONTEXT);
    expect(baseOf(own)).toBe(own);
  });

  it('passes its hidden span to the source', () => {
    const seen: unknown[] = [];
    const live = new LiveContext(ROOT_CONTEXT, (hidden) => seen.push(hidden), 'h');
    context.with(live, () => trace.getSpan(context.active()));
    trace.getSpan(live);
    expect(seen).toEqual(['h']);
  });
});
