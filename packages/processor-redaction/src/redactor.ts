/**
 * The signal-agnostic engine: strings, attribute maps and structured values (JSON content, log
 * bodies) in, the same with sensitive parts masked or hashed out. Built once from the settings
 * (every regular expression compiled here, never per call); spans and log records only differ in
 * where the values live (see redaction-span-processor.ts and log-record.ts).
 */
import { createHash } from 'node:crypto';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import {
  type BuiltinPatternName,
  builtinPattern,
  digitRunRegex,
  type Pattern,
} from './patterns.js';

export type HashFunction = 'none' | 'md5' | 'sha1' | 'sha256' | 'sha3';

export interface RedactorOptions {
  /** Keep every key (else only `allowedKeys`, `ignoredKeys` and the summary's own). */
  allowAllKeys: boolean;
  allowedKeys: readonly string[];
  /** Keys passed through untouched. */
  ignoredKeys: readonly string[];
  /** Regular expressions over keys: a matching key's whole value is masked. */
  blockedKeyPatterns: readonly string[];
  /** Regular expressions over values: each match is masked. */
  blockedValues: readonly string[];
  /** Regular expressions: a match (of any pattern) that one of these finds is kept. */
  allowedValues: readonly string[];
  builtinPatterns: readonly BuiltinPatternName[];
  hashFunction: HashFunction;
}

/** What redaction did to one attribute map (summary counts and keys). */
export interface RedactionSummary {
  redacted: string[];
  masked: string[];
  ignored: number;
}

/** Values up to this long are remembered once found clean, at most CLEAN_CACHE_SIZE of them. */
const CLEAN_CACHE_LENGTH = 64;
const CLEAN_CACHE_SIZE = 4096;

/** The mask of a blocked value or key, as the collector writes it. */
export const MASK = '****';

interface Finding {
  start: number;
  end: number;
  label: string;
}

const HASH_ALGORITHM: Readonly<Record<Exclude<HashFunction, 'none'>, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha3: 'sha3-256',
};

export class Redactor {
  readonly #allowAll: boolean;
  readonly #allowed: ReadonlySet<string>;
  readonly #ignored: ReadonlySet<string>;
  readonly #blockedKeys: readonly RegExp[];
  readonly #allowedValues: readonly RegExp[];
  readonly #patterns: readonly Pattern[];
  /** Per digit-run length the patterns need, ascending: a regex that finds such a run. */
  readonly #runTests: readonly (readonly [number, RegExp])[];
  /** The shortest text any pattern can find something in. */
  readonly #minLength: number;
  readonly #hash: string | undefined;
  /**
   * Short values already found clean: model names, hosts, ids and enum values repeat on every
   * span, and a set lookup is cheaper than the pre-checks. Only clean text is kept (never a
   * secret), and the set is emptied when full.
   */
  readonly #clean = new Set<string>();
  /** Keys already known not to be blocked (most keys repeat span after span). */
  readonly #keyVerdict = new Map<string, boolean>();

  constructor(options: RedactorOptions, extraAllowedKeys: readonly string[] = []) {
    this.#allowAll = options.allowAllKeys;
    this.#allowed = new Set([...options.allowedKeys, ...extraAllowedKeys]);
    this.#ignored = new Set(options.ignoredKeys);
    this.#blockedKeys = options.blockedKeyPatterns.map((p) => new RegExp(p, 'u'));
    this.#allowedValues = options.allowedValues.map((p) => new RegExp(p, 'u'));
    const blocked: Pattern[] = options.blockedValues.map((source, i) => ({
      name: `blocked_values[${i}]`,
      mayContain: () => true,
      regex: new RegExp(source, 'gu'),
    }));
    this.#patterns = [...options.builtinPatterns.map(builtinPattern), ...blocked];
    const runs = new Set(this.#patterns.map((p) => p.minDigitRun ?? 0).filter((n) => n > 0));
    this.#runTests = [...runs].sort((a, b) => a - b).map((n) => [n, digitRunRegex(n)] as const);
    // `a@b.co` and `1.1.1.1` are the shortest findings; a user's pattern may match one character.
    this.#minLength = blocked.length > 0 ? 1 : 6;
    this.#hash = options.hashFunction === 'none' ? undefined : HASH_ALGORITHM[options.hashFunction];
  }

  /** `text` with every finding masked; the same string (no copy) when there is none. */
  redactString(text: string): string {
    const short = text.length <= CLEAN_CACHE_LENGTH;
    if (short && this.#clean.has(text)) return text;
    const findings = this.#scan(text);
    if (findings !== undefined) return this.#apply(text, findings);
    if (short) {
      if (this.#clean.size >= CLEAN_CACHE_SIZE) this.#clean.clear();
      this.#clean.add(text);
    }
    return text;
  }

  /**
   * An attribute's string value: JSON text (message content, tool arguments, documents) is
   * redacted inside and stays valid JSON, with blocked keys applied to its nested keys; any other
   * text as `redactString`. Returns the same string when nothing was found.
   */
  redactText(text: string): string {
    const first = firstNonSpace(text);
    const json = first === 0x7b /* { */ || first === 0x5b; /* [ */
    if (!json) return this.redactString(text);
    // Most content holds nothing to redact: one scan of the raw text decides, before any parse.
    const findings = this.#scan(text);
    if (findings === undefined && this.#blockedKeys.length === 0) return text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Cut by a length limit, or not JSON after all: the raw text, redacted as text.
      return findings === undefined ? text : this.#apply(text, findings);
    }
    const out = this.redactStructured(parsed);
    return out === parsed ? text : JSON.stringify(out);
  }

  /**
   * A structured value (parsed JSON, a log body): strings redacted, values of blocked keys masked
   * whole, at any depth. Returns the same value when nothing changed, else a changed copy.
   */
  redactStructured(value: unknown, path = '', masked?: string[]): unknown {
    if (typeof value === 'string') {
      const out = this.redactText(value);
      if (out !== value) masked?.push(path);
      return out;
    }
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const at = masked === undefined ? '' : `${path}[${i}]`;
        const out = this.redactStructured(value[i], at, masked);
        if (out === value[i]) continue;
        copy ??= value.slice();
        copy[i] = out;
      }
      return copy ?? value;
    }
    if (value instanceof Uint8Array) return value;
    let copy: Record<string, unknown> | undefined;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      const at = masked === undefined ? '' : path === '' ? key : `${path}.${key}`;
      let out: unknown;
      if (this.#ignored.has(key)) continue;
      if (v !== null && v !== undefined && typeof v !== 'object' && this.isBlockedKey(key)) {
        out = this.#maskWhole(String(v));
        masked?.push(at);
      } else {
        out = this.redactStructured(v, at, masked);
      }
      if (out !== v) {
        copy ??= { ...record };
        copy[key] = out;
      }
    }
    return copy ?? value;
  }

  /** Whether a key's whole value is masked (`blocked_key_patterns`). */
  isBlockedKey(key: string): boolean {
    if (this.#blockedKeys.length === 0) return false;
    let verdict = this.#keyVerdict.get(key);
    if (verdict === undefined) {
      verdict = this.#blockedKeys.some((re) => re.test(key));
      // Bounded: keys from untrusted input must not grow the cache without end.
      if (this.#keyVerdict.size < 10_000) this.#keyVerdict.set(key, verdict);
    }
    return verdict;
  }

  /**
   * Redacts an attribute map in place, as the collector does: keys not allowed removed, ignored
   * keys untouched, blocked keys' values masked whole, every other string (and string list)
   * redacted. Returns what it did, for the summary.
   */
  redactAttributes(attributes: Attributes, summary?: RedactionSummary): void {
    for (const key in attributes) {
      if (this.#ignored.has(key)) {
        if (summary) summary.ignored++;
        continue;
      }
      if (!this.#allowAll && !this.#allowed.has(key)) {
        delete attributes[key];
        summary?.redacted.push(key);
        continue;
      }
      const value = attributes[key];
      const out = this.#redactAttributeValue(key, value);
      if (out !== value) {
        attributes[key] = out;
        summary?.masked.push(key);
      }
    }
  }

  #redactAttributeValue(
    key: string,
    value: AttributeValue | undefined,
  ): AttributeValue | undefined {
    if (typeof value === 'string') {
      if (value.length === 0) return value;
      if (this.isBlockedKey(key)) return this.#maskWhole(value);
      return this.redactText(value);
    }
    if (!Array.isArray(value)) return value;
    let copy: (string | null | undefined)[] | undefined;
    const blocked = this.isBlockedKey(key);
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item !== 'string') continue;
      const out = blocked ? this.#maskWhole(item) : this.redactText(item);
      if (out === item) continue;
      copy ??= (value as (string | null | undefined)[]).slice();
      copy[i] = out;
    }
    return (copy as AttributeValue | undefined) ?? value;
  }

  #maskWhole(value: string): string {
    if (this.#allowedValues.some((re) => re.test(value))) return value;
    return this.#hash === undefined ? MASK : this.#digest(value);
  }

  #digest(value: string): string {
    return createHash(this.#hash as string)
      .update(value)
      .digest('hex');
  }

  /** Every finding of every pattern, sorted, overlaps dropped; undefined when none. */
  #scan(text: string): Finding[] | undefined {
    if (text.length < this.#minLength) return undefined;
    const findings: Finding[] = [];
    // The longest digit run any pattern needs that the text has: prose with a few numbers fails
    // the short test or the next one, and no digit pattern's expression runs at all.
    let run = 0;
    for (const [n, re] of this.#runTests) {
      if (!re.test(text)) break;
      run = n;
    }
    for (const p of this.#patterns) {
      if (p.minDigitRun !== undefined && run < p.minDigitRun) continue;
      if (!p.mayContain(text)) continue;
      if (p.find !== undefined) {
        p.find(text, (start, end) =>
          this.#consider(p, text, start, text.slice(start, end), findings),
        );
        continue;
      }
      const re = p.regex as RegExp;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0] === '') {
          re.lastIndex++;
          continue;
        }
        if (p.group === undefined) {
          this.#consider(p, text, m.index, m[0], findings);
          continue;
        }
        const span = m.indices?.[p.group];
        if (span !== undefined) this.#consider(p, text, span[0], m[p.group] as string, findings);
      }
    }
    if (findings.length <= 1) return findings.length === 0 ? undefined : findings;
    findings.sort((x, y) => x.start - y.start || y.end - x.end);
    const kept: Finding[] = [];
    let end = -1;
    for (const f of findings) {
      if (f.start < end) continue;
      kept.push(f);
      end = f.end;
    }
    return kept;
  }

  /** A candidate becomes a finding when the pattern's check and no `allowed_values` object. */
  #consider(p: Pattern, text: string, start: number, candidate: string, out: Finding[]): void {
    if (p.accept !== undefined && !p.accept(candidate, text, start)) return;
    if (this.#allowedValues.length > 0 && this.#allowedValues.some((a) => a.test(candidate)))
      return;
    out.push({ start, end: start + candidate.length, label: p.name });
  }

  #apply(text: string, findings: readonly Finding[]): string {
    let out = '';
    let at = 0;
    for (const f of findings) {
      const found = text.slice(f.start, f.end);
      out += text.slice(at, f.start);
      out += this.#hash === undefined ? placeholder(f.label) : this.#digest(found);
      at = f.end;
    }
    return out + text.slice(at);
  }
}

/** `[REDACTED:email]` for a built-in pattern, the collector's `****` for the user's own. */
function placeholder(label: string): string {
  return label.startsWith('blocked_values') ? MASK : `[REDACTED:${label}]`;
}

function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return -1;
}
