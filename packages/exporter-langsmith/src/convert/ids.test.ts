import { describe, expect, it } from 'vitest';
import { runIdFor } from './ids.js';
import { addSeconds, dottedStamp, isoMicros, laterOf } from './time.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('runIdFor', () => {
  it('is a v7-layout UUID whose time prefix is the start in ms, the same for the same span', () => {
    const start: [number, number] = [1767323045, 6_000_000];
    const id = runIdFor(TRACE, '00f067aa0ba902b7', start);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(1767323045006);
    expect(runIdFor(TRACE, '00f067aa0ba902b7', start)).toBe(id);
    expect(runIdFor(TRACE, '00f067aa0ba902b8', start)).not.toBe(id);
    expect(runIdFor('4bf92f3577b34da6a3ce929d0e0e4836', '00f067aa0ba902b7', start)).not.toBe(id);
  });
});

describe('time', () => {
  const t: [number, number] = [1767323045, 6_123_456];
  it('keeps microseconds', () => {
    expect(isoMicros(t)).toBe('2026-01-02T03:04:05.006123Z');
    expect(dottedStamp(t)).toBe('20260102T030405006123Z');
  });
  it('adds fractional seconds and picks the later time', () => {
    expect(addSeconds(t, 0.9999)).toEqual([1767323046, 6_023_456]);
    expect(laterOf(t, [1767323045, 7])).toBe(t);
    expect(laterOf([1767323044, 999_999_999], t)).toBe(t);
  });
});
