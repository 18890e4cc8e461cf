// genai_budget and tail_sampling through the real config loader: mistakes are refused with
// file:line:col and the key; built, tail_sampling gates only its own pipeline.
import { fileURLToPath } from 'node:url';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load-config.js';
import { startFromConfig } from '../src/start.js';
import { captureLogger, config, testComponents } from './helpers.js';

const yaml = (processors: string) => `receivers: { genai: {} }
processors:
${processors}
exporters: { debug: }
service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_budget, tail_sampling], exporters: [debug] }
`;

describe('genai_budget and tail_sampling in the YAML', () => {
  it('accepts budgets and policies with the collector keys', () => {
    const c = config(
      yaml(`  genai_budget:
    budgets:
      - { scope: conversation, limit: 0.5 }
      - { scope: user, limit: 5, window: 24h }
      - { name: hourly, scope: service, limit: 20, window: 1h }
  tail_sampling:
    decision_wait: 10s
    num_traces: 5000
    expected_new_traces_per_sec: 10
    decision_cache: { sampled_cache_size: 1000 }
    policies:
      - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
      - { name: expensive, type: numeric_attribute, numeric_attribute: { key: gen_ai.rollup.cost.amount, min_value: 0.1 } }
      - { name: rest, type: probabilistic, probabilistic: { sampling_percentage: 10 } }`),
    );
    expect(c.processors.get('tail_sampling')).toBeDefined();
  });

  it('refuses a duplicate budget name', () => {
    expect(() =>
      config(
        yaml(`  genai_budget:
    budgets:
      - { scope: conversation, limit: 0.5 }
      - { scope: conversation, limit: 1 }
  tail_sampling: {}`),
      ),
    ).toThrow(
      '<inline>:6:18: processors.genai_budget.budgets[1].scope: budget name "conversation" is already used by budgets[0]: give each a distinct name',
    );
  });

  it('refuses mistakes with file:line:col and the key', () => {
    expect(() =>
      config(
        yaml(`  genai_budget:
    budgets:
      - { scope: conversation, limit: 0.5 }
      - { scope: conversation, limit: 1 }
      - { scope: team, limit: -1 }
  tail_sampling:
    policies:
      - { type: latency }
      - { type: ottl_condition, ottl_condition: { span: ['name = "x"'] } }
      - { type: numeric_attribute, numeric_attribute: { key: cost } }`),
      ),
    ).toThrow(
      [
        '<inline>:7:18: processors.genai_budget.budgets[2].scope: must be one of: conversation, user, tenant, service (got "team")',
        '<inline>:7:31: processors.genai_budget.budgets[2].limit: must be > 0 (got -1)',
        '<inline>:10:9: processors.tail_sampling.policies[0]: a latency policy needs its "latency:" settings',
        '<inline>:11:58: processors.tail_sampling.policies[1].ottl_condition.span[0]: column 6: unexpected character "="',
        '<inline>:12:62: processors.tail_sampling.policies[2].numeric_attribute.key: needs min_value, max_value or both',
      ].join('\n'),
    );
  });
});

describe('collector-config/budgets-sampling.yaml', () => {
  it('loads through the real registry: two traces pipelines, tail_sampling only on the export one', () => {
    const loaded = loadConfig(
      fileURLToPath(new URL('../../../collector-config/budgets-sampling.yaml', import.meta.url)),
      { env: {} },
    );
    expect(loaded.pipelines.map((p) => [p.id, p.processors, p.exporters])).toEqual([
      ['traces/metrics', ['genai_cost', 'genai_rollup', 'genai_budget'], ['genai_metrics']],
      ['traces/export', ['tail_sampling', 'batch'], ['otlp_http/jaeger']],
      ['metrics', [], ['prometheus']],
    ]);
  });
});

describe('tail_sampling in the pipelines', () => {
  it('gates only its own pipeline; a connector behind it is warned about', async () => {
    const t = testComponents();
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        `receivers: { genai: {} }
processors:
  tail_sampling:
    decision_wait: 1h
    policies: [{ type: status_code, status_code: { status_codes: [ERROR] } }]
connectors: { genai_metrics: {} }
exporters: { test_capture/all: {}, test_capture/kept: {} }
service:
  pipelines:
    traces/all: { receivers: [genai], exporters: [test_capture/all] }
    traces/kept: { receivers: [genai], processors: [tail_sampling], exporters: [test_capture/kept, genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [test_capture/all] }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: log.logger },
    );
    const tracer = otel.tracerProvider.getTracer('t');
    tracer.startSpan('fine').end();
    tracer.startSpan('failed').setStatus({ code: SpanStatusCode.ERROR }).end();
    // The flush decides the held traces at once (decision_wait is an hour).
    await otel.forceFlush();
    expect((await t.captures.get('test_capture/all')!.waitFor(2)).map((s) => s.name)).toEqual([
      'fine',
      'failed',
    ]);
    expect((await t.captures.get('test_capture/kept')!.waitFor(1)).map((s) => s.name)).toEqual([
      'failed',
    ]);
    expect(log.lines).toContain(
      'genai-otel: connector genai_metrics is behind tail_sampling in pipeline traces/kept: it sees only the kept traces, so its metrics undercount; list it in a traces pipeline without tail sampling',
    );
    await otel.shutdown();
  });
});
