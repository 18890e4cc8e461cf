import { ATTR_OTEL_METRIC_OVERFLOW, ATTR_TENANT_ID } from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { DimensionSet } from './dimensions.js';

describe('DimensionSet', () => {
  const dims = [{ name: ATTR_TENANT_ID }, { name: 'service.name', default: 'unknown' }];

  it('reads the span, then its resource, then the default; one shared object per combination', () => {
    const set = new DimensionSet(dims, 10);
    const resource = { attributes: { 'service.name': 'checkout', [ATTR_TENANT_ID]: 'fallback' } };
    const a = set.of({ [ATTR_TENANT_ID]: 'acme' }, resource);
    expect(a.attrs).toEqual({ [ATTR_TENANT_ID]: 'acme', 'service.name': 'checkout' });
    expect(set.of({ [ATTR_TENANT_ID]: 'acme' }, resource)).toBe(a);
    expect(set.of({}, resource).attrs).toEqual({
      [ATTR_TENANT_ID]: 'fallback',
      'service.name': 'checkout',
    });
    expect(set.of({ [ATTR_TENANT_ID]: 7 }, undefined).attrs).toEqual({
      [ATTR_TENANT_ID]: '7',
      'service.name': 'unknown',
    });
    // A dimension with no value and no default is left out, and is its own combination.
    const none = set.of({}, undefined);
    expect(none.attrs).toEqual({ 'service.name': 'unknown' });
    expect(new Set([a.id, none.id]).size).toBe(2);
  });

  it('reads no resource attribute the span already has', () => {
    const set = new DimensionSet([{ name: ATTR_TENANT_ID }], 10);
    const resource = {
      get attributes(): Record<string, string> {
        throw new Error('read');
      },
    };
    expect(set.of({ [ATTR_TENANT_ID]: 'acme' }, resource).attrs).toEqual({
      [ATTR_TENANT_ID]: 'acme',
    });
  });

  it('folds combinations past the limit into the overflow combination', () => {
    const set = new DimensionSet([{ name: ATTR_TENANT_ID }], 1);
    set.of({ [ATTR_TENANT_ID]: 'acme' }, undefined);
    expect(set.of({ [ATTR_TENANT_ID]: 'globex' }, undefined).attrs).toEqual({
      [ATTR_OTEL_METRIC_OVERFLOW]: true,
    });
    expect(set.of({ [ATTR_TENANT_ID]: 'acme' }, undefined).attrs).toEqual({
      [ATTR_TENANT_ID]: 'acme',
    });
  });
});
