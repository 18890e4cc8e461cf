import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { freePort } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { captureLogger, config } from '../../../test/helpers.js';
import { loadConfig } from '../../load-config.js';
import { createLogger } from '../../logger.js';
import { startFromConfig } from '../../start.js';
import { type PrometheusExporterConfig, parseEndpoint } from './config.js';

const testdata = fileURLToPath(new URL('./testdata/config.yaml', import.meta.url));

function pipeline(port: number, extra = '') {
  return config(`
receivers: { genai: { instrumentations: [] } }
processors: { genai_cost: {} }
connectors: { genai_metrics: {} }
exporters:
  prometheus:
    endpoint: 127.0.0.1:${port}
${extra}
service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_cost], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [prometheus] }
`);
}

describe('prometheus exporter', () => {
  const loaded = loadConfig(testdata, { env: { PROM_PORT: '9999' } });

  it.each<[string, PrometheusExporterConfig]>([
    [
      'prometheus',
      { endpoint: '127.0.0.1:9464', resource_to_telemetry_conversion: { enabled: false } },
    ],
    [
      'prometheus/full',
      {
        endpoint: '0.0.0.0:9999',
        namespace: 'llm',
        const_labels: { team: 'search', env: 'prod' },
        resource_to_telemetry_conversion: { enabled: true },
      },
    ],
  ])('loads %s from testdata', (id, expected) => {
    expect(loaded.exporters.get(id)?.config).toEqual(expected);
  });

  it('parses host:port endpoints', () => {
    expect(parseEndpoint('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseEndpoint('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(parseEndpoint(':9464')).toEqual({ host: undefined, port: 9464 });
    expect(parseEndpoint('localhost')).toBeUndefined();
    expect(parseEndpoint('http://x:1')).toBeUndefined();
    expect(parseEndpoint('x:70000')).toBeUndefined();
  });

  it('rejects an endpoint that is not host:port, naming the key', () => {
    expect(() =>
      config(`
receivers: { genai: }
connectors: { genai_metrics: }
exporters: { prometheus: { endpoint: "http://localhost:9464" } }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [prometheus] }
`),
    ).toThrow(
      'exporters.prometheus.endpoint: must be host:port, e.g. "127.0.0.1:9464" (got "http://localhost:9464")',
    );
  });

  it('serves the genai_metrics of priced spans at /metrics, with namespace and constant labels', async () => {
    const port = await freePort();
    const log = captureLogger();
    const otel = startFromConfig(
      pipeline(port, '    namespace: llm\n    const_labels: { team: search }'),
      { logger: log.logger, registerGlobals: false, env: { OTEL_SERVICE_NAME: 'prom-test' } },
    );
    const tracer = otel.tracerProvider.getTracer('t');
    for (const input of [1_000, 3_000]) {
      tracer
        .startSpan('chat gpt-4o', {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
            [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
            [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: input,
            [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 100,
          },
        })
        .end();
    }
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    const text = await res.text();
    await otel.shutdown();
    expect(res.status).toBe(200);
    // gpt-4o: (4,000 × $2.50 + 200 × $10) per million = $0.012.
    const cost = text.split('\n').find((l) => l.startsWith('llm_gen_ai_client_cost_total{'));
    expect(cost).toBeDefined();
    expect(cost).toContain('team="search"');
    expect(cost).toContain('gen_ai_request_model="gpt-4o"');
    expect(Number(cost!.split(' ').at(-1))).toBeCloseTo(0.012, 12);
    expect(text).toMatch(
      /^llm_gen_ai_client_token_usage_sum\{[^}]*gen_ai_token_type="input"[^}]*\} 4000$/m,
    );
    expect(text).toMatch(/^llm_gen_ai_client_operation_duration_bucket\{[^}]*le="0.01"[^}]*\} 2$/m);
    expect(log.lines).toEqual([]);
  });

  it('says once, without throwing, when the port is taken', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    const lines: string[] = [];
    let said: () => void = () => {};
    const saidOnce = new Promise<void>((resolve) => {
      said = resolve;
    });
    const logger = createLogger({
      level: 'debug',
      write: (line) => {
        lines.push(line);
        said();
      },
    });
    const otel = startFromConfig(pipeline(port), { logger, registerGlobals: false, env: {} });
    // The listen error comes asynchronously: wait for the line itself.
    await saidOnce;
    await otel.shutdown();
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    expect(lines).toEqual([
      `genai-otel: exporter prometheus: cannot listen on 127.0.0.1:${port} (EADDRINUSE); /metrics is not served`,
    ]);
  });
});
