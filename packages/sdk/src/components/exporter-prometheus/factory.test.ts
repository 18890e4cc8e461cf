import { once } from 'node:events';
import { connect, createServer } from 'node:net';
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
import {
  DEFAULT_EXCLUDED_RESOURCE_ATTRIBUTES,
  type PrometheusExporterConfig,
  parseEndpoint,
} from './config.js';
import { GenAIPrometheusExporter, resourceLabelPattern } from './exporter.js';

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
      {
        endpoint: '127.0.0.1:9464',
        resource_to_telemetry_conversion: {
          enabled: false,
          exclude: [...DEFAULT_EXCLUDED_RESOURCE_ATTRIBUTES],
        },
      },
    ],
    [
      'prometheus/full',
      {
        endpoint: '0.0.0.0:9999',
        namespace: 'llm',
        const_labels: { team: 'search', env: 'prod' },
        resource_to_telemetry_conversion: {
          enabled: true,
          include: ['service.*', 'deployment.environment.name', 'host.name'],
          exclude: [...DEFAULT_EXCLUDED_RESOURCE_ATTRIBUTES],
        },
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

  async function scrape(extra: string, env: Record<string, string>, endpointHost = '127.0.0.1') {
    const port = await freePort();
    const log = captureLogger();
    const otel = startFromConfig(
      config(`
receivers: { genai: { instrumentations: [] } }
connectors: { genai_metrics: {} }
exporters:
  prometheus:
    endpoint: ${endpointHost}:${port}
${extra}
service:
  pipelines:
    traces: { receivers: [genai], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [prometheus] }
`),
      { logger: log.logger, registerGlobals: false, env },
    );
    otel.meterProvider.getMeter('m').createCounter('app.calls').add(1);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    const text = await res.text();
    await otel.shutdown();
    expect(log.lines).toEqual([]);
    return text.split('\n').find((l) => l.startsWith('app_calls_total{'))!;
  }

  it('puts resource attributes on series without the per-process ones, unless told', async () => {
    const env = {
      OTEL_SERVICE_NAME: 'checkout',
      OTEL_RESOURCE_ATTRIBUTES:
        'service.instance.id=7d1c,process.pid=4242,process.command_args=node,host.name=web-1',
    };
    const byDefault = await scrape('    resource_to_telemetry_conversion: { enabled: true }', env);
    expect(byDefault).toContain('service_name="checkout"');
    expect(byDefault).toContain('host_name="web-1"');
    expect(byDefault).not.toContain('process_pid');
    expect(byDefault).not.toContain('service_instance_id');
    expect(byDefault).not.toContain('process_command_args');
    const everything = await scrape(
      '    resource_to_telemetry_conversion: { enabled: true, exclude: [] }',
      env,
    );
    expect(everything).toContain('process_pid="4242"');
    expect(everything).toContain('service_instance_id="7d1c"');
    const onlyService = await scrape(
      '    resource_to_telemetry_conversion: { enabled: true, include: ["service.*"] }',
      env,
    );
    expect(onlyService).toContain('service_name="checkout"');
    // service.instance.id matches service.* but stays excluded by default.
    expect(onlyService).not.toContain('service_instance_id');
    expect(onlyService).not.toContain('host_name');
    const off = await scrape('', env);
    expect(off).not.toContain('service_name');
  });

  it('resource label patterns: exact names, prefixes, exclusion first', () => {
    const p = resourceLabelPattern(['service.*', 'host.name'], ['service.instance.id']);
    expect(['service.name', 'service.version', 'host.name'].every((k) => p.test(k))).toBe(true);
    expect(['service.instance.id', 'host.names', 'xservice.name'].some((k) => p.test(k))).toBe(
      false,
    );
    expect(resourceLabelPattern(undefined, []).test('anything.at.all')).toBe(true);
    expect(resourceLabelPattern([], []).test('service.name')).toBe(false);
  });

  it('rejects an include or exclude entry with a * anywhere but at the end', () => {
    expect(() =>
      config(`
receivers: { genai: }
connectors: { genai_metrics: }
exporters: { prometheus: { resource_to_telemetry_conversion: { enabled: true, exclude: ["process.*.pid"] } } }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [prometheus] }
`),
    ).toThrow('exporters.prometheus.resource_to_telemetry_conversion.exclude[0]');
  });

  it("serves const labels without the official exporter's private serializer", async () => {
    const port = await freePort();
    const exporter = new GenAIPrometheusExporter({
      host: '127.0.0.1',
      port,
      prefix: undefined,
      constLabels: { team: 'search' },
      resourceLabels: undefined,
      onListenError: (error) => {
        throw error;
      },
    });
    await exporter.listening();
    // Whatever becomes of the exporter's private field, /metrics does not depend on it.
    (exporter as unknown as { _serializer: unknown })._serializer = {
      serialize: () => {
        throw new Error('private serializer used');
      },
    };
    const { MeterProvider } = await import('@opentelemetry/sdk-metrics');
    const provider = new MeterProvider({ readers: [exporter] });
    provider.getMeter('m').createCounter('app.calls').add(3);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    const text = await res.text();
    const missing = await fetch(`http://127.0.0.1:${port}/other`);
    await provider.shutdown();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toMatch(/^app_calls_total\{[^}]*team="search"[^}]*\} 3$/m);
    expect(missing.status).toBe(404);
    // Shut down: the port is free again.
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('shuts down while a scraper is stuck halfway through a request', async () => {
    const port = await freePort();
    const exporter = new GenAIPrometheusExporter({
      host: '127.0.0.1',
      port,
      prefix: undefined,
      constLabels: undefined,
      resourceLabels: undefined,
      onListenError: (error) => {
        throw error;
      },
    });
    await exporter.listening();
    const { MeterProvider } = await import('@opentelemetry/sdk-metrics');
    const provider = new MeterProvider({ readers: [exporter] });
    const stuck = connect(port, '127.0.0.1');
    await once(stuck, 'connect');
    const ended = once(stuck, 'close');
    stuck.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // A whole scrape on a second connection, answered after the server has read the first one's
    // bytes: that connection now holds a request in progress, which close() alone waits for.
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      provider.shutdown().then(() => 'shut down'),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('still waiting after 2 s'), 2000);
      }),
    ]);
    clearTimeout(timer);
    expect(outcome).toBe('shut down');
    // The stuck scraper was cut off rather than waited for.
    await ended;
  });

  it('":port" listens on every interface, loopback included', async () => {
    const line = await scrape('', {}, '');
    expect(line).toMatch(/ 1$/);
  });
});
