import {
  createContextKey,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  trace,
} from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { helperContext } from './helper-context.js';

// The helpers' contexts stand in for the API's: whatever is done to one must read back as it
// would from a context made with `trace.setSpan` and `setValue`.
describe('helperContext', () => {
  const span = trace.wrapSpanContext({ ...INVALID_SPAN_CONTEXT, spanId: '00000000000000aa' });
  const other = trace.wrapSpanContext({ ...INVALID_SPAN_CONTEXT, spanId: '00000000000000bb' });
  const STATE = createContextKey('test state');
  const INHERITED = createContextKey('test inherited');
  const parent = propagation.setBaggage(
    ROOT_CONTEXT.setValue(INHERITED, 'from parent'),
    propagation.createBaggage({ k: { value: 'v' } }),
  );

  it('holds the span and the state over everything the parent holds', () => {
    const ctx = helperContext(parent, span, STATE, { name: 'agent' });
    expect(trace.getSpan(ctx)).toBe(span);
    expect(ctx.getValue(STATE)).toEqual({ name: 'agent' });
    expect(ctx.getValue(INHERITED)).toBe('from parent');
    expect(propagation.getBaggage(ctx)?.getEntry('k')?.value).toBe('v');
    expect(trace.getSpan(parent)).toBeUndefined();
    expect(parent.getValue(STATE)).toBeUndefined();
  });

  it('holds only the span when no state key is given', () => {
    const ctx = helperContext(parent, span, undefined, 'ignored');
    expect(trace.getSpan(ctx)).toBe(span);
    expect(ctx.getValue(STATE)).toBeUndefined();
  });

  it('takes values set and deleted on top of it, leaving itself unchanged', () => {
    const ctx = helperContext(parent, span, STATE, 'state');
    const child = trace.setSpan(ctx, other).setValue(INHERITED, 'overridden');
    expect(trace.getSpan(child)).toBe(other);
    expect(child.getValue(INHERITED)).toBe('overridden');
    expect(child.getValue(STATE)).toBe('state');
    const deleted = trace.deleteSpan(child).deleteValue(STATE);
    expect(trace.getSpan(deleted)).toBeUndefined();
    expect(deleted.getValue(STATE)).toBeUndefined();
    expect(deleted.getValue(INHERITED)).toBe('overridden');
    expect(trace.getSpan(ctx)).toBe(span);
    expect(ctx.getValue(INHERITED)).toBe('from parent');
  });

  it('nests: the innermost span and state win', () => {
    const outer = helperContext(parent, span, STATE, 'outer');
    const inner = helperContext(outer, other, STATE, 'inner');
    expect([trace.getSpan(inner), inner.getValue(STATE)]).toEqual([other, 'inner']);
    const tool = helperContext(inner, span, undefined, undefined);
    expect([trace.getSpan(tool), tool.getValue(STATE)]).toEqual([span, 'inner']);
  });
});
