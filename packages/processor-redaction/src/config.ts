import type { ValidationIssue } from '@genai-otel/config';
import {
  BUILTIN_PATTERN_NAMES,
  type BuiltinPatternName,
  DEFAULT_BUILTIN_PATTERNS,
} from './patterns.js';
import type { HashFunction } from './redactor.js';

export type SummaryLevel = 'debug' | 'info' | 'silent';

/** `processors.redaction` as written in the YAML: the collector's keys, plus `builtin_patterns`. */
export interface RedactionProcessorConfig {
  /** Keep every attribute key (default true here; the collector's default is false). */
  allow_all_keys: boolean;
  /** With `allow_all_keys: false`, the only keys kept (fails closed: empty removes all). */
  allowed_keys: string[];
  /** Keys passed through untouched, never removed nor masked. */
  ignored_keys: string[];
  /** Regular expressions over keys: the whole value of a matching key is masked. */
  blocked_key_patterns: string[];
  /** Regular expressions over values: every match is masked. */
  blocked_values: string[];
  /** Regular expressions: a match they find is kept, whatever pattern found it. */
  allowed_values: string[];
  /** Named built-in detectors switched on. */
  builtin_patterns: BuiltinPatternName[];
  /** Replace matches with their hex digest instead of a fixed mask. */
  hash_function: HashFunction;
  /** Summary attributes on changed spans: counts (`info`), counts and keys (`debug`), none. */
  summary: SummaryLevel;
}

export function createDefaultConfig(): RedactionProcessorConfig {
  return {
    allow_all_keys: true,
    allowed_keys: [],
    ignored_keys: [],
    blocked_key_patterns: [],
    blocked_values: [],
    allowed_values: [],
    builtin_patterns: [...DEFAULT_BUILTIN_PATTERNS],
    hash_function: 'none',
    summary: 'silent',
  };
}

const keys = { type: 'array', items: { type: 'string', minLength: 1 }, default: [] } as const;
const regexes = {
  type: 'array',
  items: { type: 'string', minLength: 1, format: 'regex' },
  default: [],
} as const;

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allow_all_keys: {
      type: 'boolean',
      default: true,
      description:
        'Keep every attribute key. false: only allowed_keys (and ignored_keys) are kept, as the collector does by default.',
    },
    allowed_keys: {
      ...keys,
      description: 'With allow_all_keys: false, the attribute keys kept; others are removed.',
    },
    ignored_keys: { ...keys, description: 'Attribute keys passed through untouched.' },
    blocked_key_patterns: {
      ...regexes,
      description:
        'Regular expressions over keys (also keys inside JSON content): the whole value is masked.',
    },
    blocked_values: {
      ...regexes,
      description: 'Regular expressions over values: every match is masked with ****.',
    },
    allowed_values: {
      ...regexes,
      description: 'Regular expressions: a match they find is kept (wins over blocked_values).',
    },
    builtin_patterns: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', enum: [...BUILTIN_PATTERN_NAMES] },
      default: [...DEFAULT_BUILTIN_PATTERNS],
      description:
        'Built-in detectors switched on (email, phone, payment_card, iban, api_key, credential, jwt, ipv4, ipv6); [] for none.',
    },
    hash_function: {
      type: 'string',
      enum: ['none', 'md5', 'sha1', 'sha256', 'sha3'],
      default: 'none',
      description:
        'Replace each match with its hex digest (sha3 is SHA3-256, as the collector) instead of a mask.',
    },
    summary: {
      type: 'string',
      enum: ['debug', 'info', 'silent'],
      default: 'silent',
      description:
        'redaction.* summary attributes on changed spans: counts (info), counts and keys (debug), none (silent).',
    },
  },
} as const;

/** What the schema cannot say: a regex that compiles but matches the empty string. */
export function validate(config: RedactionProcessorConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const key of ['blocked_values', 'blocked_key_patterns'] as const) {
    (config[key] ?? []).forEach((source, i) => {
      let re: RegExp;
      try {
        re = new RegExp(source, 'u');
      } catch {
        return; // the schema's `format: regex` already says so
      }
      if (re.test('')) {
        issues.push({
          path: [key, i],
          message: `matches the empty string, so it would mask everything or nothing (got ${JSON.stringify(source)})`,
        });
      }
    });
  }
  return issues;
}
