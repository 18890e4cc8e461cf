import { expect, it } from 'vitest';

it('passes', () => expect('a').toBe('a'));
it('passes too', () => expect([1]).toEqual([1]));
