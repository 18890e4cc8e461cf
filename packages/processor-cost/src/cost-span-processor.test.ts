import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CACHE_READ,
  ATTR_GEN_AI_USAGE_COST_CACHE_WRITE,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_COST_INPUT,
  ATTR_GEN_AI_USAGE_COST_OUTPUT,
  ATTR_GEN_AI_USAGE_COST_SOURCE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_TENANT_ID,
  GEN_AI_OPERATION,
  PEER_OPENINFERENCE_LLM_INVOCATION_PARAMETERS,
  PEER_OPENINFERENCE_LLM_MODEL_NAME,
  PEER_OPENINFERENCE_SPAN_KIND,
  PEER_OPENINFERENCE_TOKEN_COUNT_COMPLETION,
  PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT,
  PEER_TRACELOOP_LLM_REQUEST_TYPE,
  PEER_TRACELOOP_USAGE_COMPLETION_TOKENS,
  PEER_TRACELOOP_USAGE_PROMPT_TOKENS,
  PEER_VERCEL_MODEL_ID,
  PEER_VERCEL_MODEL_PROVIDER,
  PEER_VERCEL_OPERATION_ID,
  PEER_VERCEL_USAGE_INPUT_TOKENS,
  PEER_VERCEL_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import type { Attributes } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { CostSpanProcessor } from './cost-span-processor.js';
import { BUILTIN_PRICING_DIR, PricingTable, readPricingFiles } from './pricing-table.js';
import { DEFAULT_ADDITIVE_USAGE_SCOPES } from './usage.js';

const table = new PricingTable(readPricingFiles(BUILTIN_PRICING_DIR));

function setup(options: Partial<ConstructorParameters<typeof CostSpanProcessor>[0]> = {}) {
  const warnings: string[] = [];
  const seen = new Set<string>();
  const log = {
    once(key: string, _level: string, message: string) {
      if (seen.has(key)) return;
      seen.add(key);
      warnings.push(message);
    },
  };
  const tracing = createTestTracing({
    spanProcessors: [new CostSpanProcessor({ table, log, ...options })],
  });
  const end = (attributes: Attributes, name = 'span', scope = 'test') => {
    tracing.tracerProvider.getTracer(scope).startSpan(name, { attributes }).end();
    return tracing.spans().at(-1)!.attributes;
  };
  return { tracing, end, warnings };
}

let current: ReturnType<typeof setup> | undefined;
afterEach(() => current?.tracing.shutdown());

describe('CostSpanProcessor', () => {
  it('prices a chat span before the exporter sees it', () => {
    current = setup();
    const attrs = current.end({
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 2_048,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1_024,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 100,
    });
    // gpt-4o-mini: $0.15 in, $0.075 cached, $0.60 out per million.
    // 1,024 × 0.15 + 1,024 × 0.075 + 100 × 0.6 = 153.6 + 76.8 + 60 = 290.4 → $0.0002904
    expect(attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.0002904, 12);
    expect(attrs[ATTR_GEN_AI_USAGE_COST_INPUT]).toBeCloseTo(0.0001536, 12);
    expect(attrs[ATTR_GEN_AI_USAGE_COST_CACHE_READ]).toBeCloseTo(0.0000768, 12);
    expect(attrs[ATTR_GEN_AI_USAGE_COST_OUTPUT]).toBeCloseTo(0.00006, 12);
    expect(attrs[ATTR_GEN_AI_USAGE_COST_CURRENCY]).toBe('USD');
    expect(attrs[ATTR_GEN_AI_USAGE_COST_SOURCE]).toBe('local');
    expect(current.warnings).toEqual([]);
  });

  it('prices raw Anthropic usage as additive when its instrumentation is known to report it', () => {
    current = setup();
    const call = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: 'anthropic',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'claude-sonnet-4-5',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 5_000,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: 1_000,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 200,
    };
    // Sonnet 4.5: $3 input, $3.75 5-minute cache write, $15 output per million.
    // Raw (additive): 5,000 uncached + 1,000 written = 6,000 input.
    //   5,000 × 3 + 1,000 × 3.75 + 200 × 15 = 15,000 + 3,750 + 3,000 = 21,750 → $0.02175
    const raw = current.end(call, 'anthropic.chat', '@traceloop/instrumentation-anthropic');
    expect(raw[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(6_000);
    expect(raw[ATTR_GEN_AI_USAGE_COST_INPUT]).toBeCloseTo(0.015, 12);
    expect(raw[ATTR_GEN_AI_USAGE_COST_CACHE_WRITE]).toBeCloseTo(0.00375, 12);
    expect(raw[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.02175, 12);
    // The same counts from an instrumentation that follows the subset rule (genai-otel's own,
    // OpenInference's): 5,000 input of which 1,000 written.
    //   4,000 × 3 + 1,000 × 3.75 + 200 × 15 = 12,000 + 3,750 + 3,000 = 18,750 → $0.01875
    const subset = current.end(call, 'chat', '@genai-otel/instrumentation-anthropic');
    expect(subset[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(5_000);
    expect(subset[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.01875, 12);
    // A Claude model on Bedrock from the same raw instrumentation is additive too
    // (global Sonnet 4: the same $3 / $3.75 / $15).
    const bedrock = current.end(
      {
        ...call,
        [ATTR_GEN_AI_PROVIDER_NAME]: 'aws.bedrock',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'global.anthropic.claude-sonnet-4-20250514-v1:0',
      },
      'anthropic.chat',
      '@traceloop/instrumentation-anthropic',
    );
    expect(bedrock[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.02175, 12);
    expect(current.warnings).toEqual([]);
    expect(DEFAULT_ADDITIVE_USAGE_SCOPES).toEqual(['@traceloop/instrumentation-anthropic']);
  });

  it('reads counts that can only be additive as such, and names the instrumentation once', () => {
    current = setup();
    const attrs = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: 'anthropic',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'claude-sonnet-4-5',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 100,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 10_000,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: 1_000,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 200,
    };
    const first = current.end(attrs, 'chat', '@acme/anthropic');
    current.end(attrs, 'chat', '@acme/anthropic');
    expect(first[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(11_100);
    // 100 × 3 + 10,000 × 0.3 + 1,000 × 3.75 + 200 × 15 = 300 + 3,000 + 3,750 + 3,000 → $0.01005
    expect(first[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.01005, 12);
    expect(current.warnings).toEqual([
      'instrumentation "@acme/anthropic" reports more cached tokens than input tokens, so its input excludes the cache (Anthropic\'s raw usage); such calls are priced that way, but one whose cache is smaller than its input cannot be told apart: if "@acme/anthropic" always reports raw usage, list it in processors.genai_cost.additive_usage_scopes',
    ]);
  });

  it('adds reasoning counted apart from output for the instrumentations said to do so', () => {
    current = setup({ additiveReasoningScopes: ['@acme/gemini'] });
    const attrs = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.GENERATE_CONTENT,
      [ATTR_GEN_AI_PROVIDER_NAME]: 'gcp.gemini',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gemini-2.5-flash',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1_000,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 400,
      [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 300,
    };
    // gemini-2.5-flash: $0.30 input, $2.50 output (thinking included) per million.
    // Apart: output 400 + thoughts 300 = 700 → 1,000 × 0.3 + 700 × 2.5 = 300 + 1,750 → $0.00205
    const apart = current.end(attrs, 'generate_content', '@acme/gemini');
    expect(apart[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(700);
    expect(apart[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.00205, 12);
    // Another instrumentation's 400 output already include the 300: 300 + 1,000 → $0.0013
    const within = current.end(attrs, 'generate_content', '@genai-otel/instrumentation-google');
    expect(within[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(400);
    expect(within[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.0013, 12);
  });

  it('prices only inference kinds: usage on a span of no recognised kind is never priced', () => {
    current = setup();
    const usage = {
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1_000,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 100,
    };
    const spans = [
      current.end(usage, 'no kind at all'),
      current.end({ ...usage, 'traceloop.span.kind': 'workflow' }, 'my_workflow.workflow'),
      current.end({ ...usage, 'traceloop.span.kind': 'agent' }, 'planner.agent'),
      current.end({ ...usage, [PEER_TRACELOOP_LLM_REQUEST_TYPE]: 'rerank' }, 'rerank'),
      current.end({ ...usage, [PEER_OPENINFERENCE_SPAN_KIND]: 'CHAIN' }, 'chain'),
      current.end({ ...usage, [PEER_OPENINFERENCE_SPAN_KIND]: 'AGENT' }, 'agent'),
    ];
    for (const attrs of spans) {
      expect(attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeUndefined();
      expect(attrs[ATTR_GEN_AI_OPERATION_NAME]).toBeUndefined();
    }
    expect(current.warnings).toEqual([]);
  });

  it('always names the operation of a priced peer span, even without normalize', () => {
    current = setup({ normalize: false });
    const attrs = current.end({
      [PEER_OPENINFERENCE_SPAN_KIND]: 'EMBEDDING',
      [PEER_OPENINFERENCE_LLM_MODEL_NAME]: 'text-embedding-3-small',
      [PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT]: 1_000_000,
    });
    // text-embedding-3-small: $0.02 per million input tokens.
    expect(attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.02, 12);
    expect(attrs[ATTR_GEN_AI_OPERATION_NAME]).toBe(GEN_AI_OPERATION.EMBEDDINGS);
    expect(attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
  });

  it('does not price roll-ups (agent spans repeat their calls’ usage)', () => {
    current = setup();
    const attrs = current.end({
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1_000,
    });
    expect(attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeUndefined();
    const outer = current.end({
      [PEER_VERCEL_OPERATION_ID]: 'ai.generateText',
      [PEER_VERCEL_MODEL_ID]: 'gpt-4o',
      [PEER_VERCEL_USAGE_INPUT_TOKENS]: 1_000,
    });
    expect(outer[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeUndefined();
    expect(outer[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
  });

  it('reads OpenLLMetry, OpenInference and Vercel AI SDK names, adding the conventions’ ones', () => {
    current = setup();
    // gpt-4o: $2.50 in, $10 out per million; 1,000 in + 100 out = $0.0035.
    const traceloop = current.end({
      [ATTR_GEN_AI_SYSTEM]: 'openai',
      [PEER_TRACELOOP_LLM_REQUEST_TYPE]: 'chat',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
      [PEER_TRACELOOP_USAGE_PROMPT_TOKENS]: 1_000,
      [PEER_TRACELOOP_USAGE_COMPLETION_TOKENS]: 100,
    });
    const openinference = current.end({
      [PEER_OPENINFERENCE_SPAN_KIND]: 'LLM',
      [PEER_OPENINFERENCE_LLM_MODEL_NAME]: 'gpt-4o-2024-08-06',
      [PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT]: 1_000,
      [PEER_OPENINFERENCE_TOKEN_COUNT_COMPLETION]: 100,
    });
    const vercel = current.end({
      [PEER_VERCEL_OPERATION_ID]: 'ai.generateText.doGenerate',
      [PEER_VERCEL_MODEL_PROVIDER]: 'openai.chat',
      [PEER_VERCEL_MODEL_ID]: 'gpt-4o',
      [PEER_VERCEL_USAGE_INPUT_TOKENS]: 1_000,
      [PEER_VERCEL_USAGE_OUTPUT_TOKENS]: 100,
    });
    for (const attrs of [traceloop, openinference, vercel]) {
      expect(attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.0035, 12);
      expect(attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(1_000);
      expect(attrs[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(100);
      expect(attrs[ATTR_GEN_AI_OPERATION_NAME]).toBe(GEN_AI_OPERATION.CHAT);
    }
    expect(traceloop[ATTR_GEN_AI_PROVIDER_NAME]).toBe('openai');
    expect(vercel[ATTR_GEN_AI_PROVIDER_NAME]).toBe('openai');
    // OpenInference's llm.model_name is the response's (dated) model: never the request's.
    expect(openinference[ATTR_GEN_AI_RESPONSE_MODEL]).toBe('gpt-4o-2024-08-06');
    expect(openinference[ATTR_GEN_AI_REQUEST_MODEL]).toBeUndefined();
  });

  it('OpenInference: the request model from llm.invocation_parameters, the response model from llm.model_name', () => {
    current = setup();
    const attrs = current.end({
      [PEER_OPENINFERENCE_SPAN_KIND]: 'LLM',
      [PEER_OPENINFERENCE_LLM_MODEL_NAME]: 'gpt-4o-mini-2024-07-18',
      [PEER_OPENINFERENCE_LLM_INVOCATION_PARAMETERS]: '{"model":"gpt-4o-mini","temperature":0}',
      [PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT]: 1_000,
      [PEER_OPENINFERENCE_TOKEN_COUNT_COMPLETION]: 100,
    });
    expect(attrs[ATTR_GEN_AI_REQUEST_MODEL]).toBe('gpt-4o-mini');
    expect(attrs[ATTR_GEN_AI_RESPONSE_MODEL]).toBe('gpt-4o-mini-2024-07-18');
    // gpt-4o-mini: 1,000 × $0.15/M + 100 × $0.60/M = $0.00015 + $0.00006
    expect(attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.00021, 12);
    // Malformed parameters name no model; the span is still priced by its response model.
    const bad = current.end({
      [PEER_OPENINFERENCE_SPAN_KIND]: 'LLM',
      [PEER_OPENINFERENCE_LLM_MODEL_NAME]: 'gpt-4o-mini-2024-07-18',
      [PEER_OPENINFERENCE_LLM_INVOCATION_PARAMETERS]: '{"model": oops',
      [PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT]: 1_000,
    });
    expect(bad[ATTR_GEN_AI_REQUEST_MODEL]).toBeUndefined();
    expect(bad[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.00015, 12);
  });

  it('an unpriced model: no cost attribute, one warning per model', () => {
    current = setup();
    const chat = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 10,
    };
    for (let i = 0; i < 3; i++) {
      const attrs = current.end({ ...chat, [ATTR_GEN_AI_REQUEST_MODEL]: 'in-house-llm' });
      expect(attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeUndefined();
    }
    current.end({ ...chat, [ATTR_GEN_AI_REQUEST_MODEL]: 'other-llm' });
    expect(current.warnings).toEqual([
      'no price for model "in-house-llm" (provider openai): its calls get no cost attribute and count in gen_ai.client.cost.unpriced; add it under processors.genai_cost.prices',
      'no price for model "other-llm" (provider openai): its calls get no cost attribute and count in gen_ai.client.cost.unpriced; add it under processors.genai_cost.prices',
    ]);
  });

  it('keeps a cost the response carried, and copies the configured tenant attribute', () => {
    current = setup({ tenantAttributes: ['app.customer'] });
    const attrs = current.end({
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1_000,
      'app.customer': 'acme',
    });
    expect(attrs[ATTR_TENANT_ID]).toBe('acme');
    const given = current.end({
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1_000,
      [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 0.5,
    });
    expect(given[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBe(0.5);
  });

  it('leaves spans without usage untouched', () => {
    current = setup();
    expect(current.end({ 'http.request.method': 'GET' })).toEqual({ 'http.request.method': 'GET' });
  });
});
