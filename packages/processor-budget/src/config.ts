import { durationSchema, parseDuration, type ValidationIssue } from '@genai-otel/config';

/** One entry of `budgets:`. */
export interface BudgetConfig {
  /** The metric and event label; default `<scope>` or `<scope>_<window>` (e.g. `user_24h`). */
  name?: string;
  scope: 'conversation' | 'user' | 'tenant' | 'service';
  /** USD; crossed once the spend is above it. */
  limit: number;
  /** Fixed windows aligned to the epoch (`1h`: clock hours, UTC); left out: no window. */
  window?: string | number;
}

/** `processors.genai_budget` as written in the YAML. */
export interface BudgetProcessorConfig {
  budgets: BudgetConfig[];
  /** Ids remembered per table (conversations, users, tenants, and each budget). */
  max_entries: number;
  /** An id idle this long is forgotten (its spend starts again from 0). */
  idle_ttl: string | number;
}

export function createDefaultConfig(): BudgetProcessorConfig {
  return { budgets: [], max_entries: 10_000, idle_ttl: '24h' };
}

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    budgets: {
      type: 'array',
      default: [],
      description:
        'Spend limits in USD per conversation, user, tenant or the whole service, optionally per window; each crossing is recorded once per id and window.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['scope', 'limit'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,62}$' },
          scope: { enum: ['conversation', 'user', 'tenant', 'service'] },
          limit: { type: 'number', exclusiveMinimum: 0 },
          window: durationSchema,
        },
      },
    },
    max_entries: {
      type: 'integer',
      minimum: 1,
      default: 10_000,
      description:
        'Ids remembered per table (least recently used forgotten first; about 150 bytes each).',
    },
    idle_ttl: {
      ...durationSchema,
      default: '24h',
      description: 'An id idle this long is forgotten and its spend starts again from 0.',
    },
  },
} as const;

/** The budget's name: as written, else derived from its scope and window. */
export function budgetName(b: BudgetConfig): string {
  if (b.name) return b.name;
  return b.window === undefined ? b.scope : `${b.scope}_${b.window}`;
}

export function validate(config: BudgetProcessorConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const names = new Map<string, number>();
  (config.budgets ?? []).forEach((b, i) => {
    const name = budgetName(b);
    const first = names.get(name);
    if (first !== undefined)
      issues.push({
        path: ['budgets', i, b.name ? 'name' : 'scope'],
        message: `budget name "${name}" is already used by budgets[${first}]: give each a distinct name`,
      });
    else names.set(name, i);
    if (b.window !== undefined && parseDuration(b.window) < 1000)
      issues.push({ path: ['budgets', i, 'window'], message: 'must be at least 1s' });
  });
  return issues;
}
