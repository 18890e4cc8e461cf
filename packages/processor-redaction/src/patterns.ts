/**
 * The built-in patterns, switched on by name (`builtin_patterns`). Each is a cheap pre-check on
 * the whole string (most strings fail it and cost no regular expression), one global regular
 * expression compiled once at load, and where a regex cannot tell, a check of the candidate
 * (a checksum, a decoded header, the word before it).
 */
import {
  afterVersionWord,
  cardValid,
  ibanValid,
  ipv6Valid,
  jwtValid,
  looksRandom,
} from './checks.js';

export const BUILTIN_PATTERN_NAMES = [
  'email',
  'phone',
  'payment_card',
  'iban',
  'api_key',
  'credential',
  'jwt',
  'ipv4',
  'ipv6',
] as const;

export type BuiltinPatternName = (typeof BUILTIN_PATTERN_NAMES)[number];

/**
 * On unless the config says otherwise: everything but IP addresses, which spans carry by design
 * (`server.address`, `network.peer.address`) and metrics group by.
 */
export const DEFAULT_BUILTIN_PATTERNS: readonly BuiltinPatternName[] = [
  'email',
  'phone',
  'payment_card',
  'iban',
  'api_key',
  'credential',
  'jwt',
];

export interface Pattern {
  readonly name: string;
  /**
   * Digits a match holds at least, counted in one run that only single separators (`-. ()/`)
   * interrupt: a string without such a run is skipped without any regex (0: no such need).
   */
  readonly minDigitRun?: number;
  /** False when the string cannot hold a match: the regex is not run. */
  readonly mayContain: (text: string) => boolean;
  /** Global (and `d`, for a group's indices) regular expression; or `find`. */
  readonly regex?: RegExp;
  /** Calls `emit` with each candidate's bounds, where a regex alone would be slow. */
  readonly find?: (text: string, emit: (start: number, end: number) => void) => void;
  /** Mask only this capture group of a match (the token after `Bearer `), not all of it. */
  readonly group?: number;
  /** Whether a candidate is a finding; absent: every match is. */
  readonly accept?: (candidate: string, text: string, index: number) => boolean;
}

const always = () => true;

/**
 * Finds `n` digits in one run that only up to two separators (space, `-`, `.`, `(`, `)`, `/`)
 * interrupt at a time: `(415) 555-0132` holds a run of 10. A native regex scan is several times
 * faster than a loop over the characters in JavaScript.
 */
export function digitRunRegex(n: number): RegExp {
  return n <= 1 ? /\d/ : new RegExp(`\\d(?:[ .()/-]{0,2}\\d){${n - 1}}`);
}

/** The character before `index` cannot continue a token: the match starts one. */
function startsToken(text: string, index: number): boolean {
  if (index === 0) return true;
  const c = text.charCodeAt(index - 1);
  return !(
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 45
  );
}

/** Where a provider's key can start; scanned for before the full expression. */
const KEY_PREFIX =
  /sk[-_]|rk_|AIza|A[BCGIKNRS][A-Z]A|gh[opsur]_|github_pat_|xox[abposr]-|xapp-|hf_/;

// Two-letter top-level "domains" that are image and document extensions (`icon@2x.png`).
const FILE_SUFFIX = /\.(?:png|jpe?g|gif|svg|webp|ico|bmp|tiff?|pdf|js|ts|css|map|json|txt)$/i;

const isLocalChar = (c: number) =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  c === 46 ||
  c === 95 ||
  c === 37 ||
  c === 43 ||
  c === 45;
const isAlnum = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** The domain after an `@` (labels, a 2–24 letter top level), read from `lastIndex`. */
const DOMAIN =
  /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/y;

/**
 * Emails, found from each `@` outwards: a regex that tries every letter of a text as the start of
 * a local part backtracks up to 64 characters at each, ~50 times slower on prose.
 */
function findEmails(text: string, emit: (start: number, end: number) => void): void {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    // Whole local part only: it starts with a letter or digit, after none of its characters,
    // and does not end with a dot.
    if (start === at || (start > 0 && isLocalChar(text.charCodeAt(start - 1)))) continue;
    if (!isAlnum(text.charCodeAt(start)) || text.charCodeAt(at - 1) === 46) continue;
    DOMAIN.lastIndex = at + 1;
    const domain = DOMAIN.exec(text);
    if (domain !== null) emit(start, at + 1 + domain[0].length);
  }
}

const PATTERNS: Readonly<Record<BuiltinPatternName, Pattern>> = {
  email: {
    name: 'email',
    mayContain: (t) => t.includes('@'),
    find: findEmails,
    accept: (m) => !FILE_SUFFIX.test(m),
  },
  phone: {
    name: 'phone',
    minDigitRun: 7,
    mayContain: always,
    // International (+country …, 8–15 digits) or North American (3-3-4 with separators). A run
    // of digits without separators is not taken: timestamps and ids look the same.
    regex:
      /(?<![\w+.-])(?:\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}\d|(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4})(?![\w-]|\.\d)/g,
    accept: (m) => {
      const n = m.replace(/\D/g, '').length;
      return m.startsWith('+') ? n >= 8 && n <= 15 : n === 10;
    },
  },
  payment_card: {
    name: 'payment_card',
    minDigitRun: 12,
    mayContain: always,
    // Plain runs, or groups of four with one kind of separator, or Amex's 4-6-5.
    regex:
      /(?<![\w-])(?:\d{12,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5})(?![\w-])/g,
    accept: cardValid,
  },
  iban: {
    name: 'iban',
    minDigitRun: 2,
    mayContain: always,
    regex: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g,
    accept: ibanValid,
  },
  api_key: {
    name: 'api_key',
    mayContain: (t) => KEY_PREFIX.test(t),
    regex: new RegExp(
      [
        // OpenAI (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…) and Anthropic (sk-ant-api03-…).
        'sk-(?:ant-(?:api|admin)\\d\\d-|proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}',
        // Google API keys.
        'AIza[0-9A-Za-z_-]{35}',
        // AWS access key ids (long-term AKIA, temporary ASIA, and the other issued prefixes).
        '(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}',
        // GitHub tokens: classic (ghp_, OAuth gho_, user-to-server ghu_, server ghs_, refresh ghr_)
        // and fine-grained personal access tokens.
        'gh[pousr]_[A-Za-z0-9]{36,255}',
        'github_pat_[A-Za-z0-9_]{50,255}',
        // Slack bot, user, app-level and config tokens.
        'xox[abposr]-[A-Za-z0-9-]{10,250}',
        'xapp-\\d-[A-Za-z0-9-]{10,250}',
        // Stripe secret and restricted keys.
        '(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}',
        // Hugging Face access tokens.
        'hf_[A-Za-z0-9]{34,40}',
      ]
        .map((p) => `${p}(?![A-Za-z0-9_-])`)
        .join('|'),
      'g',
    ),
    // The part after the prefix must look random: `sk-learn-is-a-python-library` is no key. The
    // start is checked here, not by a lookbehind, so the regex can jump to its literal prefixes.
    accept: (m, text, index) => startsToken(text, index) && looksRandom(m.slice(4)),
  },
  credential: {
    name: 'credential',
    mayContain: (t) => /bearer|secret|token|passw|api[_-]?key/i.test(t),
    // The secret after `Bearer `, and after a key/secret/token/password label; the label stays.
    // AWS secret access keys (40 chars of base64) are caught here: they only ever appear so.
    regex:
      /(?:\b[Bb]earer\s+|(?<![A-Za-z])(?:aws_secret_access_key|secret_access_key|SecretAccessKey|client_secret|api[_-]?key|access[_-]?token|auth[_-]?token|password|passwd|secret)["']?(?:\s+is)?\s*[:=]\s*["']?)([A-Za-z0-9._~+/=!@#$%^&*-]{6,})/dgi,
    group: 1,
    accept: (m, text, index) => {
      const before = text.slice(Math.max(0, index - 40), index);
      if (/bearer\s+$/i.test(before)) return m.length >= 16 && looksRandom(m);
      if (/pass(?:word|wd)["']?(?:\s+is)?\s*[:=]\s*["']?$/i.test(before)) return m.length >= 6;
      return m.length >= 8 && looksRandom(m);
    },
  },
  jwt: {
    name: 'jwt',
    mayContain: (t) => t.includes('eyJ'),
    regex: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![A-Za-z0-9_-])/g,
    accept: (m, text, index) => startsToken(text, index) && jwtValid(m),
  },
  ipv4: {
    name: 'ipv4',
    minDigitRun: 4,
    mayContain: (t) => t.includes('.'),
    regex:
      /(?<![\w.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\w]|\.\d)/g,
    accept: (_m, text, index) => !afterVersionWord(text, index),
  },
  ipv6: {
    name: 'ipv6',
    mayContain: (t) => t.includes(':'),
    regex:
      /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:]|\.\d)/g,
    accept: ipv6Valid,
  },
};

export function builtinPattern(name: BuiltinPatternName): Pattern {
  return PATTERNS[name];
}
