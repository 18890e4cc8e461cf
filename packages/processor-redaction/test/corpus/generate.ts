/**
 * Deterministic makers of realistic sensitive values for the corpus: card numbers with their Luhn
 * digit, IBANs with their mod-97 check digits, keys of each provider's alphabet and length,
 * signed-looking JWTs. A seeded generator, so every run measures the same corpus.
 */

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function randomString(next: () => number, length: number, alphabet = ALNUM): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  // Keys are random: make sure one digit and one letter are there, as in any real one.
  return s.replace(/^./, 'k').replace(/.$/, '7');
}

export function randomDigits(next: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(next() * 10);
  return s;
}

/** The digit that makes `body` + digit Luhn-valid. */
export function luhnDigit(body: string): number {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = Number(body[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

export function card(next: () => number, prefix: string, length: number): string {
  const body = prefix + randomDigits(next, length - prefix.length - 1);
  return body + luhnDigit(body);
}

/** `card` with a wrong check digit: what an order or reference number usually is. */
export function notCard(valid: string): string {
  const last = Number(valid.at(-1));
  return valid.slice(0, -1) + ((last + 3) % 10);
}

export function grouped(digits: string, sep: string, sizes = [4, 4, 4, 4, 4]): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join(sep);
}

export function iban(country: string, bban: string): string {
  const moved = `${bban}${country}00`;
  let rest = 0;
  for (const ch of moved) {
    const c = ch.charCodeAt(0);
    rest = c >= 65 ? (rest * 100 + (c - 55)) % 97 : (rest * 10 + (c - 48)) % 97;
  }
  const check = String(98 - rest).padStart(2, '0');
  return `${country}${check}${bban}`;
}

export function spacedIban(value: string): string {
  return value.replace(/(.{4})/g, '$1 ').trim();
}

export function awsKeyId(next: () => number, prefix: string): string {
  return prefix + randomString(next, 16, UPPER_NUM).toUpperCase();
}

function b64url(value: string): string {
  return Buffer.from(value).toString('base64url');
}

export function jwt(next: () => number, header: object, payload: object): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${randomString(next, 43, `${ALNUM}-_`)}`;
}
