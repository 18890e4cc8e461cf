import { fileURLToPath } from 'node:url';
import { parseConfig } from '@genai-otel/config';
import { ATTR_GEN_AI_USAGE_COST_AMOUNT } from '@genai-otel/semantic-conventions';
import { freePort, startOtlpReceiver } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../src/default-registry.js';
import { loadConfig } from '../src/load-config.js';
import { startFromConfig } from '../src/start.js';
import { captureLogger } from './helpers.js';

const shipped = fileURLToPath(new URL('../../../collector-config/collector.yaml', import.meta.url));

describe('collector-config/collector.yaml', () => {
  it('loads through the real registry with the collector defaults', () => {
    const loaded = loadConfig(shipped, { env: {} });
    expect(loaded.receivers.get('otlp')?.config).toMatchObject({
      protocols: {
        http: { endpoint: 'localhost:4318', max_request_body_size: 20971520 },
        grpc: { endpoint: 'localhost:4317' },
      },
      admission: { request_limit_mib: 128 },
    });
    expect(loaded.pipelines.map((p) => [p.id, p.receivers, p.processors, p.exporters])).toEqual([
      ['traces', ['otlp'], ['genai_cost', 'batch'], ['otlp_http/jaeger', 'genai_metrics']],
      ['metrics', ['genai_metrics'], [], ['prometheus']],
    ]);
  });

  it('runs: a span posted over OTLP/JSON is priced, counted for Prometheus and sent to Jaeger', async () => {
    const jaeger = await startOtlpReceiver();
    const [http, grpc, prom] = [await freePort(), await freePort(), await freePort()];
    const log = captureLogger();
    const otel = startFromConfig(
      loadConfig(shipped, {
        env: {
          GENAI_OTEL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
          GENAI_OTEL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
          GENAI_OTEL_PROMETHEUS_ENDPOINT: `127.0.0.1:${prom}`,
          JAEGER_OTLP_ENDPOINT: jaeger.url,
        },
      }),
      { logger: log.logger, registerGlobals: false },
    );
    try {
      await otel.ready;
      const res = await fetch(`http://127.0.0.1:${http}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          resourceSpans: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'py' } }] },
              scopeSpans: [
                {
                  scope: { name: 'opentelemetry.instrumentation.openai_v2' },
                  spans: [
                    {
                      traceId: '0af7651916cd43dd8448eb211c80319c',
                      spanId: 'b7ad6b7169203331',
                      name: 'chat gpt-4o',
                      kind: 3,
                      startTimeUnixNano: '1700000000000000000',
                      endTimeUnixNano: '1700000001500000000',
                      attributes: [
                        { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                        { key: 'gen_ai.system', value: { stringValue: 'openai' } },
                        { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
                        { key: 'gen_ai.usage.input_tokens', value: { intValue: '4000' } },
                        { key: 'gen_ai.usage.output_tokens', value: { intValue: 200 } },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});
      const metrics = await (await fetch(`http://127.0.0.1:${prom}/metrics`)).text();
      // gpt-4o: (4,000 × $2.50 + 200 × $10) per million = $0.012.
      const cost = metrics.split('\n').find((l) => l.startsWith('gen_ai_client_cost_total{'));
      expect(Number(cost?.split(' ').at(-1))).toBeCloseTo(0.012, 15);
      expect(metrics).toMatch(
        /^gen_ai_client_operation_duration_sum\{[^}]*gen_ai_request_model="gpt-4o"[^}]*\} 1.5$/m,
      );
      const [span] = await jaeger.waitForSpans(1);
      expect(span?.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.012, 15);
      expect(span?.resource['service.name']).toBe('py');
    } finally {
      await otel.shutdown();
      await jaeger.close();
    }
    expect(log.lines.filter((l) => !l.includes('listening'))).toEqual([]);
  });

  it('an otlp receiver in a metrics pipeline takes metrics (200), and refuses logs, which no pipeline takes, with 404', async () => {
    const http = await freePort();
    const log = captureLogger();
    const otel = startFromConfig(
      parseConfig(
        `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:${http}" } } } }
exporters: { debug: }
service:
  pipelines:
    traces: { receivers: [otlp], exporters: [debug] }
    metrics: { receivers: [otlp], exporters: [debug] }
`,
        { catalog: createDefaultRegistry() },
      ),
      { logger: log.logger, registerGlobals: false },
    );
    try {
      await otel.ready;
      const post = (path: string) =>
        fetch(`http://127.0.0.1:${http}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
      expect((await post('/v1/metrics')).status).toBe(200);
      expect((await post('/v1/logs')).status).toBe(404);
    } finally {
      await otel.shutdown();
    }
    expect(log.lines.filter((l) => !l.includes('listening'))).toEqual([]);
  });
});
