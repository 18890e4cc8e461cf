import { existsSync } from 'node:fs';
import type { ValidationIssue } from '@genai-otel/config';
import { ATTR_TENANT_ID, ATTR_USER_ID } from '@genai-otel/semantic-conventions';
import { checkModelPrices } from './check-prices.js';
import { type ModelPrice, readPricingFiles } from './pricing-table.js';
import { DEFAULT_ADDITIVE_USAGE_SCOPES } from './usage.js';

/** `processors.genai_cost` as written in the YAML. */
export interface CostProcessorConfig {
  /** A pricing JSON file or a directory of them, used INSTEAD of the shipped tables. */
  pricing_file?: string;
  /** Prices that override or add to the tables (USD per million tokens); matched first. */
  prices: ModelPrice[];
  /** Span (then resource) attributes whose first value is copied to `tenant.id` on priced spans. */
  tenant_attributes: string[];
  /** The same for `user.id`. */
  user_attributes: string[];
  /** Add the conventions' names to spans of other instrumentations that only carry their own. */
  normalize: boolean;
  /**
   * Instrumentation scope names whose Anthropic spans report raw (additive) usage: input tokens
   * that exclude cache reads and writes.
   */
  additive_usage_scopes: string[];
  /** Instrumentation scope names whose spans count reasoning tokens apart from output (Gemini's thoughts). */
  additive_reasoning_scopes: string[];
}

export function createDefaultConfig(): CostProcessorConfig {
  return {
    prices: [],
    tenant_attributes: [ATTR_TENANT_ID],
    user_attributes: [ATTR_USER_ID],
    normalize: true,
    additive_usage_scopes: [...DEFAULT_ADDITIVE_USAGE_SCOPES],
    additive_reasoning_scopes: [],
  };
}

const price = { type: 'number', minimum: 0 } as const;
const tokenPrices = {
  input: { ...price, description: 'USD per million input tokens (uncached).' },
  cache_read: { ...price, description: 'USD per million cached input tokens read.' },
  cache_write: { ...price, description: 'USD per million tokens written to the (5-minute) cache.' },
  cache_write_1h: { ...price, description: 'USD per million tokens written to the 1-hour cache.' },
  output: { ...price, description: 'USD per million output tokens.' },
  reasoning: { ...price, description: 'USD per million reasoning tokens (default: output price).' },
} as const;

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pricing_file: {
      type: 'string',
      minLength: 1,
      description:
        'A pricing JSON file, or a directory of them, used instead of the tables shipped with genai-otel.',
    },
    prices: {
      type: 'array',
      default: [],
      description:
        'Prices that override or add to the tables (USD per million tokens), matched before them.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['model'],
        properties: {
          model: { type: 'string', minLength: 1, description: 'Model id, matched exactly.' },
          aliases: { type: 'array', items: { type: 'string' }, description: 'Other exact ids.' },
          pattern: { type: 'string', description: 'Regular expression tried after exact ids.' },
          ...tokenPrices,
          tiers: {
            type: 'array',
            description:
              'Prices used when a request has more input tokens than above_input_tokens.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['above_input_tokens'],
              properties: { above_input_tokens: { type: 'integer', minimum: 0 }, ...tokenPrices },
            },
          },
          source: { type: 'string', description: 'Where the price comes from.' },
          note: { type: 'string', description: 'A remark kept with the price.' },
        },
      },
    },
    tenant_attributes: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [ATTR_TENANT_ID],
      description:
        'Attributes (span, then resource) whose first value becomes tenant.id on priced spans.',
    },
    user_attributes: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [ATTR_USER_ID],
      description:
        'Attributes (span, then resource) whose first value becomes user.id on priced spans.',
    },
    normalize: {
      type: 'boolean',
      default: true,
      description:
        "Add the conventions' usage/model/provider names to spans of other instrumentations (OpenLLMetry, OpenInference, Vercel AI SDK).",
    },
    additive_usage_scopes: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [...DEFAULT_ADDITIVE_USAGE_SCOPES],
      description:
        'Instrumentation scope names whose Anthropic spans report raw usage: input tokens that exclude cache reads and writes (added to input before pricing).',
    },
    additive_reasoning_scopes: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [],
      description:
        'Instrumentation scope names whose spans count reasoning tokens apart from output tokens (added to output before pricing).',
    },
  },
} as const;

export function validate(config: CostProcessorConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (config.pricing_file !== undefined) {
    if (!existsSync(config.pricing_file)) {
      issues.push({
        path: ['pricing_file'],
        message: `no such file or directory (got ${JSON.stringify(config.pricing_file)})`,
      });
    } else {
      // The file is read now, so a bad price stops the start instead of the first priced call.
      try {
        const files = readPricingFiles(config.pricing_file);
        if (files.length === 0) {
          issues.push({
            path: ['pricing_file'],
            message: `holds no *.json pricing file (got ${JSON.stringify(config.pricing_file)})`,
          });
        }
      } catch (error) {
        issues.push({ path: ['pricing_file'], message: (error as Error).message });
      }
    }
  }
  for (const issue of checkModelPrices(config.prices ?? [])) {
    issues.push({ path: ['prices', ...issue.path], message: issue.message });
  }
  return issues;
}
