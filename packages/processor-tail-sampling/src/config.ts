import { durationSchema, type ValidationIssue } from '@genai-otel/config';
import { checkConditions } from '@genai-otel/span-conditions';

/** The collector's policy types this processor evaluates. */
export const POLICY_TYPES = [
  'always_sample',
  'status_code',
  'latency',
  'numeric_attribute',
  'string_attribute',
  'boolean_attribute',
  'probabilistic',
  'span_count',
  'ottl_condition',
  'and',
] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

/** One entry of `policies:` (the collector's keys). */
export interface PolicyConfig {
  name?: string;
  type: PolicyType;
  status_code?: { status_codes: ('OK' | 'ERROR' | 'UNSET')[] };
  latency?: { threshold_ms: number; upper_threshold_ms?: number };
  numeric_attribute?: {
    key: string;
    min_value?: number;
    max_value?: number;
    invert_match?: boolean;
  };
  string_attribute?: {
    key: string;
    values: string[];
    enabled_regex_matching?: boolean;
    invert_match?: boolean;
  };
  boolean_attribute?: { key: string; value: boolean };
  probabilistic?: { sampling_percentage: number; hash_salt?: string };
  span_count?: { min_spans: number; max_spans?: number };
  ottl_condition?: { error_mode?: 'ignore' | 'propagate'; span: string[] };
  and?: { and_sub_policy: PolicyConfig[] };
}

/** `processors.tail_sampling` as written in the YAML. */
export interface TailSamplingConfig {
  decision_wait: string | number;
  num_traces: number;
  /** Accepted for the collector's sake; JS maps size themselves. */
  expected_new_traces_per_sec: number;
  decision_cache: { sampled_cache_size: number; non_sampled_cache_size: number };
  policies: PolicyConfig[];
}

export function createDefaultConfig(): TailSamplingConfig {
  return {
    decision_wait: '30s',
    num_traces: 10_000,
    expected_new_traces_per_sec: 0,
    decision_cache: { sampled_cache_size: 10_000, non_sampled_cache_size: 10_000 },
    policies: [],
  };
}

const key = { type: 'string', minLength: 1 };
const bodies: Record<string, object> = {
  status_code: {
    type: 'object',
    additionalProperties: false,
    required: ['status_codes'],
    properties: {
      status_codes: { type: 'array', minItems: 1, items: { enum: ['OK', 'ERROR', 'UNSET'] } },
    },
  },
  latency: {
    type: 'object',
    additionalProperties: false,
    required: ['threshold_ms'],
    properties: {
      threshold_ms: { type: 'number', minimum: 0 },
      upper_threshold_ms: { type: 'number', minimum: 0 },
    },
  },
  numeric_attribute: {
    type: 'object',
    additionalProperties: false,
    required: ['key'],
    properties: {
      key,
      min_value: { type: 'number' },
      max_value: { type: 'number' },
      invert_match: { type: 'boolean' },
    },
  },
  string_attribute: {
    type: 'object',
    additionalProperties: false,
    required: ['key', 'values'],
    properties: {
      key,
      values: { type: 'array', minItems: 1, items: { type: 'string' } },
      enabled_regex_matching: { type: 'boolean' },
      cache_max_size: { type: 'integer', minimum: 0 },
      invert_match: { type: 'boolean' },
    },
  },
  boolean_attribute: {
    type: 'object',
    additionalProperties: false,
    required: ['key', 'value'],
    properties: { key, value: { type: 'boolean' } },
  },
  probabilistic: {
    type: 'object',
    additionalProperties: false,
    required: ['sampling_percentage'],
    properties: {
      sampling_percentage: { type: 'number', minimum: 0, maximum: 100 },
      hash_salt: { type: 'string' },
    },
  },
  span_count: {
    type: 'object',
    additionalProperties: false,
    required: ['min_spans'],
    properties: {
      min_spans: { type: 'integer', minimum: 0 },
      max_spans: { type: 'integer', minimum: 0 },
    },
  },
  ottl_condition: {
    type: 'object',
    additionalProperties: false,
    required: ['span'],
    properties: {
      error_mode: { enum: ['ignore', 'propagate'] },
      span: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
  },
};

function policySchema(nested: boolean): object {
  const types = nested ? POLICY_TYPES.filter((t) => t !== 'and') : POLICY_TYPES;
  return {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: {
      name: { type: 'string' },
      type: { enum: types },
      ...bodies,
      ...(nested
        ? {}
        : {
            and: {
              type: 'object',
              additionalProperties: false,
              required: ['and_sub_policy'],
              properties: {
                and_sub_policy: { type: 'array', minItems: 1, items: policySchema(true) },
              },
            },
          }),
    },
  };
}

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    decision_wait: {
      ...durationSchema,
      default: '30s',
      description:
        "How long after a trace's first span its spans are held before the policies decide.",
    },
    num_traces: {
      type: 'integer',
      minimum: 1,
      default: 10_000,
      description:
        'Traces held at once waiting for their decision; past it the oldest is dropped (counted).',
    },
    expected_new_traces_per_sec: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: "Accepted as in the collector; unused (the buffer's maps size themselves).",
    },
    decision_cache: {
      type: 'object',
      additionalProperties: false,
      default: { sampled_cache_size: 10_000, non_sampled_cache_size: 10_000 },
      description:
        'Trace ids remembered after their decision, so late spans follow it (oldest forgotten first).',
      properties: {
        sampled_cache_size: { type: 'integer', minimum: 0, default: 10_000 },
        non_sampled_cache_size: { type: 'integer', minimum: 0, default: 10_000 },
      },
    },
    policies: {
      type: 'array',
      default: [],
      description: 'A trace is kept when any policy samples it; none: every trace is kept.',
      items: policySchema(false),
    },
  },
} as const;

/** Checks what the schema cannot: the type's settings present, conditions and regexes valid. */
export function validate(config: TailSamplingConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const names = new Map<string, number>();
  (config.policies ?? []).forEach((p, i) => {
    if (p.name !== undefined) {
      const first = names.get(p.name);
      if (first !== undefined)
        issues.push({
          path: ['policies', i, 'name'],
          message: `"${p.name}" is already the name of policies[${first}]`,
        });
      else names.set(p.name, i);
    }
    checkPolicy(p, ['policies', i], issues);
  });
  return issues;
}

function checkPolicy(p: PolicyConfig, path: (string | number)[], issues: ValidationIssue[]): void {
  if (p.type === 'always_sample') return;
  const body = p[p.type] as Record<string, unknown> | undefined;
  if (body === undefined) {
    issues.push({ path, message: `a ${p.type} policy needs its "${p.type}:" settings` });
    return;
  }
  const at = (k: string | number, ...more: (string | number)[]) => [...path, p.type, k, ...more];
  switch (p.type) {
    case 'numeric_attribute': {
      const n = p.numeric_attribute!;
      if (n.min_value === undefined && n.max_value === undefined)
        issues.push({ path: at('key'), message: 'needs min_value, max_value or both' });
      else if (n.min_value !== undefined && n.max_value !== undefined && n.min_value > n.max_value)
        issues.push({
          path: at('max_value'),
          message: `must be at least min_value (${n.min_value})`,
        });
      return;
    }
    case 'string_attribute': {
      const s = p.string_attribute!;
      if (!s.enabled_regex_matching) return;
      s.values.forEach((v, i) => {
        try {
          new RegExp(v);
        } catch (error) {
          issues.push({ path: at('values', i), message: (error as Error).message });
        }
      });
      return;
    }
    case 'latency': {
      const l = p.latency!;
      if (l.upper_threshold_ms !== undefined && l.upper_threshold_ms < l.threshold_ms)
        issues.push({
          path: at('upper_threshold_ms'),
          message: `must be at least threshold_ms (${l.threshold_ms})`,
        });
      return;
    }
    case 'span_count': {
      const c = p.span_count!;
      if (c.max_spans !== undefined && c.max_spans < c.min_spans)
        issues.push({
          path: at('max_spans'),
          message: `must be at least min_spans (${c.min_spans})`,
        });
      return;
    }
    case 'ottl_condition':
      for (const issue of checkConditions(p.ottl_condition!.span))
        issues.push({ path: at('span', issue.index), message: issue.message });
      return;
    case 'and':
      p.and!.and_sub_policy.forEach((sub, i) => {
        checkPolicy(sub, [...path, 'and', 'and_sub_policy', i], issues);
      });
      return;
    default:
      return;
  }
}
