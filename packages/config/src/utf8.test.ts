import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from './utf8.js';

describe('firstInvalidUtf8', () => {
  it.each([
    ['ascii', Buffer.from('receivers: {}\n'), -1],
    ['multi-byte text', Buffer.from('name: zoë — ✓ 😀\n'), -1],
    ['a lone continuation byte', Buffer.from([0x61, 0x80, 0x61]), 1],
    ['a cut sequence at the end', Buffer.from([0x61, 0x62, 0xe2, 0x82]), 2],
    ['an overlong form', Buffer.from([0x61, 0xc0, 0xaf]), 1],
    ['a surrogate', Buffer.from([0xed, 0xa0, 0x80]), 0],
    ['above U+10FFFF', Buffer.from([0xf4, 0x90, 0x80, 0x80]), 0],
    ['Latin-1 text', Buffer.from('caf\u00e9: 1', 'latin1'), 3],
  ])('%s → %d', (_label, bytes, expected) => {
    expect(firstInvalidUtf8(bytes)).toBe(expected);
    // Agrees with the platform's strict decoder on what is valid.
    let strict = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      strict = false;
    }
    expect(expected === -1).toBe(strict);
  });
});
