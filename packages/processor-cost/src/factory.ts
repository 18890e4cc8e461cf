import { resolve } from 'node:path';
import type { ProcessorFactory } from '@genai-otel/component';
import { type CostProcessorConfig, createDefaultConfig, schema, validate } from './config.js';
import { CostSpanProcessor } from './cost-span-processor.js';
import { BUILTIN_PRICING_DIR, PricingTable, readPricingFiles } from './pricing-table.js';

/** Tables read once per file: several pipelines (or restarts) share them. */
const loaded = new Map<string, ReturnType<typeof readPricingFiles>>();

function filesAt(path: string) {
  let files = loaded.get(path);
  if (!files) {
    files = readPricingFiles(path);
    loaded.set(path, files);
  }
  return files;
}

export const costProcessorFactory: ProcessorFactory<CostProcessorConfig> = {
  kind: 'processor',
  type: 'genai_cost',
  signals: ['traces'],
  description:
    'Prices every LLM call from a pricing table (OpenAI, Anthropic, Bedrock, Gemini, Mistral, Cohere, DeepSeek, xAI) and writes gen_ai.usage.cost.* (USD) on the span.',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    const path = config.pricing_file ? resolve(config.pricing_file) : BUILTIN_PRICING_DIR;
    const table = new PricingTable(filesAt(path), config.prices);
    return {
      spanProcessor: new CostSpanProcessor({
        table,
        normalize: config.normalize,
        additiveUsageScopes: config.additive_usage_scopes,
        additiveReasoningScopes: config.additive_reasoning_scopes,
        tenantAttributes: config.tenant_attributes,
        userAttributes: config.user_attributes,
        log: ctx.log,
      }),
    };
  },
};
