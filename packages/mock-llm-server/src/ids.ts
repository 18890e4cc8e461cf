import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumeric id in OpenAI's style (`chatcmpl-…`, `call_…`). */
export function alnumId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i]! % ALNUM.length];
  return out;
}

/** Random hex id in OpenAI's style (`resp_…`, `msg_…`, `req_…`). */
export function hexId(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString('hex');
}

/** FNV-1a: a cheap stable hash, used to derive vectors and fingerprints from text. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
