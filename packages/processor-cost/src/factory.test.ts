import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComponentLogger } from '@genai-otel/component';
import {
  type ComponentCatalog,
  type ComponentTypeInfo,
  loadConfigFile,
  parseConfig,
} from '@genai-otel/config';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import type { CostProcessorConfig } from './config.js';
import { costProcessorFactory } from './factory.js';
import { BUILTIN_PRICING_DIR } from './pricing-table.js';

const testdata = fileURLToPath(new URL('./testdata/config.yaml', import.meta.url));

/** Just enough of a registry for the loader: stand-ins for the receiver and exporter used. */
const stub = (kind: ComponentTypeInfo['kind'], type: string): ComponentTypeInfo => ({
  kind,
  type,
  signals: ['traces'],
  createDefaultConfig: () => ({}),
});
const infos = [stub('receiver', 'genai'), stub('exporter', 'debug'), costProcessorFactory];
const catalog: ComponentCatalog = {
  get: (kind, type) => infos.find((f) => f.kind === kind && f.type === type),
  types: (kind) => infos.filter((f) => f.kind === kind).map((f) => f.type),
};
const silent: ComponentLogger = { info() {}, warn() {}, error() {}, once() {} };

describe('genai_cost factory', () => {
  const loaded = loadConfigFile(testdata, { catalog, env: { PRICING_DIR: BUILTIN_PRICING_DIR } });

  it.each<[string, CostProcessorConfig]>([
    [
      'genai_cost',
      {
        prices: [],
        tenant_attributes: ['tenant.id'],
        user_attributes: ['user.id'],
        normalize: true,
        additive_usage_scopes: ['@traceloop/instrumentation-anthropic'],
        additive_reasoning_scopes: [],
      },
    ],
    [
      'genai_cost/custom',
      {
        prices: [
          {
            model: 'acme-llm',
            pattern: '^acme-llm-',
            input: 0.5,
            output: 1.5,
            source: 'https://acme.example/pricing',
          },
          {
            model: 'gpt-4o',
            input: 2,
            output: 8,
            tiers: [{ above_input_tokens: 128000, input: 4, output: 16 }],
          },
        ],
        tenant_attributes: ['app.customer_id', 'tenant.id'],
        user_attributes: ['app.user'],
        normalize: false,
        additive_usage_scopes: ['@acme/instrumentation-anthropic'],
        additive_reasoning_scopes: ['@acme/instrumentation-gemini'],
      },
    ],
    [
      'genai_cost/file',
      {
        pricing_file: `${BUILTIN_PRICING_DIR}/openai.json`,
        prices: [],
        tenant_attributes: ['tenant.id'],
        user_attributes: ['user.id'],
        normalize: true,
        additive_usage_scopes: ['@traceloop/instrumentation-anthropic'],
        additive_reasoning_scopes: [],
      },
    ],
  ])('loads %s from testdata', (id, expected) => {
    expect(loaded.processors.get(id)?.config).toEqual(expected);
  });

  it('builds a processor whose overrides win over the shipped table', async () => {
    const config = loaded.processors.get('genai_cost/custom')!.config as CostProcessorConfig;
    const { spanProcessor } = costProcessorFactory.create(config, {
      id: 'genai_cost/custom',
      env: {},
      log: silent,
    });
    const tracing = createTestTracing({ spanProcessors: [spanProcessor!] });
    const tracer = tracing.tracerProvider.getTracer('t');
    for (const [model, input] of [
      ['gpt-4o', 100_000],
      ['gpt-4o', 200_000],
      ['acme-llm-7b', 2_000_000],
    ] as const) {
      tracer
        .startSpan('chat', {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
            [ATTR_GEN_AI_REQUEST_MODEL]: model,
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: input,
          },
        })
        .end();
    }
    // $2/M (override, not the table's $2.50), the >128k tier's $4/M, acme's $0.50/M.
    const costs = tracing.spans().map((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]);
    expect(costs).toHaveLength(3);
    expect(costs[0]).toBeCloseTo(0.2, 12);
    expect(costs[1]).toBeCloseTo(0.8, 12);
    expect(costs[2]).toBeCloseTo(1, 12);
    await tracing.shutdown();
  });

  it('names the YAML key of a bad price or a missing pricing file', () => {
    let message = '';
    try {
      parseConfig(
        `receivers: { genai: }
processors:
  genai_cost:
    pricing_file: /no/such/prices.json
    prices:
      - model: x
      - model: y
        input: 1
        pattern: "(["
exporters: { debug: }
service: { pipelines: { traces: { receivers: [genai], processors: [genai_cost], exporters: [debug] } } }
`,
        { file: 'test.yaml', catalog, env: {} },
      );
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain(
      'test.yaml:4:19: processors.genai_cost.pricing_file: no such file or directory (got "/no/such/prices.json")',
    );
    expect(message).toContain(
      'test.yaml:6:9: processors.genai_cost.prices[0]: needs at least an input or an output price',
    );
    expect(message).toContain(
      'test.yaml:9:18: processors.genai_cost.prices[1].pattern: is not a valid regular expression',
    );
  });

  function errorsOf(yaml: string): string {
    try {
      parseConfig(yaml, { file: 'test.yaml', catalog, env: {} });
    } catch (error) {
      return String(error);
    }
    return '';
  }
  const pipeline = `exporters: { debug: }
service: { pipelines: { traces: { receivers: [genai], processors: [genai_cost], exporters: [debug] } } }
`;

  it('validates tiers of prices: types, non-negative prices, each threshold once', () => {
    // Types and signs are the schema's; the thresholds once each are validate()'s.
    expect(
      errorsOf(`receivers: { genai: }
processors:
  genai_cost:
    prices:
      - model: y
        input: 1
        tiers:
          - { above_input_tokens: 1000, input: -2 }
${pipeline}`),
    ).toBe(
      'ConfigError: test.yaml:8:48: processors.genai_cost.prices[0].tiers[0].input: must be >= 0 (got -2)',
    );
    expect(
      errorsOf(`receivers: { genai: }
processors:
  genai_cost:
    prices:
      - model: y
        input: 1
        tiers:
          - { above_input_tokens: 1.5, input: 2 }
${pipeline}`),
    ).toMatch(
      /^ConfigError: test\.yaml:8:35: processors\.genai_cost\.prices\[0\]\.tiers\[0\]\.above_input_tokens: /,
    );
    const message = errorsOf(`receivers: { genai: }
processors:
  genai_cost:
    prices:
      - model: x
        input: 1
        tiers:
          - { above_input_tokens: 200000, input: 2 }
          - { above_input_tokens: 128000, input: 1.5 }
          - { above_input_tokens: 200000, input: 3 }
${pipeline}`);
    expect(message).toBe(
      'ConfigError: test.yaml:10:35: processors.genai_cost.prices[0].tiers[2].above_input_tokens: 200000 is already the threshold of tiers[0]: each threshold once',
    );
  });

  it('validates the prices of a pricing_file, naming the key, the file and the entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'genai-cost-'));
    const file = join(dir, 'acme.json');
    writeFileSync(
      file,
      JSON.stringify({
        provider: 'acme',
        models: [
          { model: 'ok', input: 1, output: 2 },
          { model: 'bad', input: '1', output: -2 },
          {
            model: 'tiered',
            input: 1,
            tiers: [{ above_input_tokens: 10 }, { above_input_tokens: 10, input: 2 }],
          },
        ],
      }),
    );
    const message = errorsOf(`receivers: { genai: }
processors:
  genai_cost:
    pricing_file: ${file}
${pipeline}`);
    expect(message).toContain(`test.yaml:4:19: processors.genai_cost.pricing_file: ${file}: `);
    expect(message).toContain(
      'models[1].input: must be a non-negative number of USD per million tokens (got "1")',
    );
    expect(message).toContain(
      'models[1].output: must be a non-negative number of USD per million tokens (got -2)',
    );
    expect(message).toContain(
      'models[2].tiers[1].above_input_tokens: 10 is already the threshold of tiers[0]: each threshold once',
    );
  });
});
