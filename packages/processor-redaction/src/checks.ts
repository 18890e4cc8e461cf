/**
 * Checks that turn a pattern's candidate into a finding: checksums and structure a regular
 * expression cannot express. Each is what the issuer of the number itself uses to reject typos,
 * so a random digit run (an order number, a timestamp) rarely passes.
 */
import { isIPv6 } from 'node:net';

/** Luhn (mod 10) over the digits of `text`, separators ignored. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    const c = digits.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    let d = c;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * The card networks' issuer prefixes (IIN ranges) and lengths: Visa, Mastercard, American
 * Express, Discover, JCB, Diners Club, UnionPay, Maestro. A Luhn-valid run outside them (a
 * 13-digit millisecond timestamp starting with 1) is no card.
 */
export function cardBrandValid(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // Amex
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925))
    return n >= 16 && n <= 19; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19; // JCB
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305) || p2 === 30)
    return n >= 14 && n <= 19; // Diners Club
  if (p2 === 62 || p2 === 81) return n >= 16 && n <= 19; // UnionPay
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12 && n <= 19; // Maestro
  return false;
}

/** A payment card number: 12–19 digits (separators dropped), a known network, Luhn-valid. */
export function cardValid(match: string): boolean {
  const digits = match.replace(/[ -]/g, '');
  return digits.length >= 12 && digits.length <= 19 && cardBrandValid(digits) && luhnValid(digits);
}

/** IBAN length per country (ISO 13616 registry, the countries that issue them). */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** An IBAN: the country's length and the ISO 7064 mod-97 check (result 1). */
export function ibanValid(match: string): boolean {
  const iban = match.replace(/ /g, '').toUpperCase();
  if (IBAN_LENGTH[iban.slice(0, 2)] !== iban.length) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i);
    // Letters count as two digits (A = 10 … Z = 35).
    if (c >= 65 && c <= 90) rest = (rest * 100 + (c - 55)) % 97;
    else if (c >= 48 && c <= 57) rest = (rest * 10 + (c - 48)) % 97;
    else return false;
  }
  return rest === 1;
}

/** A JWT: its header segment decodes to a JSON object naming an `alg`. */
export function jwtValid(match: string): boolean {
  const header = match.slice(0, match.indexOf('.'));
  try {
    const decoded = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
    return decoded !== null && typeof decoded === 'object' && 'alg' in decoded;
  } catch {
    return false;
  }
}

/**
 * An IPv6 address (Node's own parser) that text rarely holds by chance: three groups or more,
 * `::1`-like, or a compressed form with a full group and a digit (`fe80::1`, not `C::D`).
 */
export function ipv6Valid(match: string): boolean {
  if (!isIPv6(match)) return false;
  const groups = match.split(':').filter((g) => g !== '').length;
  if (groups >= 3 || match.startsWith('::')) return true;
  return /[0-9A-Fa-f]{4}::|::[0-9A-Fa-f]{4}/.test(match) && /[0-9]/.test(match);
}

/** True when the word before `index` in `text` names a version (`v1.2.3.4`, `version 10.0.0.1`). */
export function afterVersionWord(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 12), index).toLowerCase();
  return /(?:version|ver\.?|release|build|v)\s*[:=]?\s*$/.test(before);
}

/** A secret-looking token: long enough, with both letters and digits (random, not a word). */
export function looksRandom(token: string): boolean {
  return /[0-9]/.test(token) && /[A-Za-z]/.test(token);
}
