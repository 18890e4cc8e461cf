import { describe, expect, it } from 'vitest';
import { capContent } from './content.js';

describe('capContent', () => {
  it('keeps a string as it is, cutting and marking it when too long', () => {
    expect(capContent('hello', 100)).toBe('hello');
    const out = capContent('y'.repeat(100), 40);
    expect(out).toHaveLength(40);
    expect(out?.endsWith('…[truncated]')).toBe(true);
  });

  it('gives undefined for what cannot be serialised, never throwing', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(capContent(cycle, 100)).toBeUndefined();
    expect(capContent(10n, 100)).toBeUndefined();
    expect(capContent(undefined, 100)).toBeUndefined();
  });

  it('returns plain JSON when it fits', () => {
    expect(capContent([{ a: 'b' }], 100)).toBe('[{"a":"b"}]');
  });

  it('shortens the longest strings, keeping valid JSON of the same shape', () => {
    const value = [{ role: 'user', parts: [{ type: 'text', content: 'x'.repeat(500) }] }];
    const out = capContent(value, 200);
    expect(out!.length).toBeLessThanOrEqual(200);
    const parsed = JSON.parse(out!);
    expect(parsed[0].role).toBe('user');
    expect(parsed[0].parts[0].content).toMatch(/^x+…\[truncated\]$/);
  });

  it('cuts and marks the text when shortening strings cannot make it fit', () => {
    const many = Array.from({ length: 100 }, (_, i) => i);
    const out = capContent(many, 50);
    expect(out).toHaveLength(50);
    expect(out!.endsWith('…[truncated]')).toBe(true);
  });
});
