/**
 * `genai-otel gateway-config`: the topology, and every key it emits checked against key sets
 * written here from the collector's component docs, so a typo in the generator fails.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReceiverFactory } from '@genai-otel/component';
import { createDefaultRegistry, loadConfig } from '@genai-otel/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gatewayConfig, gatewayConfigFromFile } from '../src/gateway/gateway-config.js';
import { main } from '../src/main.js';
import { bufferIO } from './buffer-io.js';

const COLLECTOR_YAML = fileURLToPath(new URL('./testdata/collector.yaml', import.meta.url));

/**
 * The sdk's registry, with the `otlp` receiver. Until `@genai-otel/receiver-otlp` is registered
 * by default, a stand-in of the same type and signals lets the file load (its schema accepts any
 * settings, so only the generator's own key filtering is exercised).
 */
function registry() {
  const r = createDefaultRegistry();
  if (!r.get('receiver', 'otlp')) {
    const standIn: ReceiverFactory<Record<string, unknown>> = {
      kind: 'receiver',
      type: 'otlp',
      signals: ['traces', 'metrics', 'logs'],
      description: 'test stand-in for the otlp receiver',
      schema: { type: 'object' },
      createDefaultConfig: () => ({}),
      create: () => ({ start() {}, async shutdown() {} }),
    };
    r.register(standIn);
  }
  return r;
}

// Allowed keys, from the READMEs/testdata of opentelemetry-collector(-contrib):
// receiver/otlpreceiver + config/configgrpc + config/confighttp, processor/batchprocessor,
// exporter/otlpexporter (the loadbalancing exporter's `protocol.otlp` template, minus endpoint),
// exporter/otlphttpexporter, exporter/loadbalancingexporter.
type KeyTree = { [key: string]: KeyTree | 'leaf' };
const leaf = 'leaf' as const;
const leaves = (...keys: string[]): KeyTree => Object.fromEntries(keys.map((k) => [k, leaf]));
const TLS_CLIENT = leaves(
  'insecure',
  'insecure_skip_verify',
  'ca_file',
  'cert_file',
  'key_file',
  'server_name_override',
);
const RETRY = leaves(
  'enabled',
  'initial_interval',
  'max_interval',
  'max_elapsed_time',
  'multiplier',
  'randomization_factor',
);
const QUEUE = leaves(
  'enabled',
  'num_consumers',
  'queue_size',
  'storage',
  'blocking',
  'sizer',
  'batch',
);
const ALLOWED: KeyTree = {
  receivers: {
    otlp: {
      protocols: {
        grpc: leaves(
          'endpoint',
          'transport',
          'tls',
          'max_recv_msg_size_mib',
          'max_concurrent_streams',
          'read_buffer_size',
          'write_buffer_size',
          'keepalive',
          'auth',
          'include_metadata',
        ),
        http: leaves(
          'endpoint',
          'tls',
          'cors',
          'auth',
          'max_request_body_size',
          'include_metadata',
          'response_headers',
          'compression_algorithms',
          'read_timeout',
          'read_header_timeout',
          'write_timeout',
          'idle_timeout',
          'traces_url_path',
          'metrics_url_path',
          'logs_url_path',
        ),
      },
    },
  },
  processors: {
    batch: leaves(
      'timeout',
      'send_batch_size',
      'send_batch_max_size',
      'metadata_keys',
      'metadata_cardinality_limit',
    ),
  },
  exporters: {
    loadbalancing: {
      routing_key: leaf,
      protocol: {
        otlp: {
          ...leaves('timeout', 'compression', 'headers', 'keepalive', 'balancer_name', 'auth'),
          tls: TLS_CLIENT,
          retry_on_failure: RETRY,
          sending_queue: QUEUE,
        },
      },
      resolver: {
        static: leaves('hostnames'),
        dns: leaves('hostname', 'port', 'interval', 'timeout'),
        k8s: leaves('service', 'ports'),
      },
    },
    otlp_http: {
      ...leaves(
        'endpoint',
        'traces_endpoint',
        'metrics_endpoint',
        'logs_endpoint',
        'headers',
        'timeout',
        'compression',
        'encoding',
        'proxy_url',
        'read_buffer_size',
        'write_buffer_size',
        'auth',
      ),
      tls: TLS_CLIENT,
      retry_on_failure: RETRY,
      sending_queue: QUEUE,
    },
  },
  service: { pipelines: { '*': leaves('receivers', 'processors', 'exporters') } },
};

/** Every key path of `value` that the allowed tree does not have (component ids by type). */
function unknownKeys(value: unknown, allowed: KeyTree, path: string[], out: string[]): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, child] of Object.entries(value)) {
    const top =
      path.length === 1 && ['receivers', 'processors', 'exporters'].includes(path[0] ?? '');
    const lookup = top
      ? (key.split('/')[0] ?? key)
      : path.join('.') === 'service.pipelines'
        ? '*'
        : key;
    const rule = allowed[lookup];
    if (rule === undefined) out.push([...path, key].join('.'));
    else if (rule !== leaf) unknownKeys(child, rule, [...path, key], out);
  }
  return out;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genai-otel-cli-gateway-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('genai-otel gateway-config', () => {
  it('forwards the LLM pipelines by trace id to N collectors; runs standard-only ones as written', () => {
    const { config, yaml, notes } = gatewayConfigFromFile(COLLECTOR_YAML, {
      collectors: 3,
      registry: registry(),
      env: {},
    });
    expect(notes).toEqual([]);
    expect(config).toEqual({
      receivers: {
        otlp: {
          protocols: {
            grpc: { endpoint: '0.0.0.0:4317' },
            http: { endpoint: '0.0.0.0:4318', max_request_body_size: 20971520 },
          },
        },
      },
      processors: { batch: { timeout: '1s', send_batch_size: 512 } },
      exporters: {
        loadbalancing: {
          routing_key: 'traceID',
          protocol: {
            otlp: {
              timeout: '10s',
              tls: { insecure: true },
              retry_on_failure: { enabled: true },
              sending_queue: { enabled: true, queue_size: 5000 },
            },
          },
          resolver: {
            static: {
              hostnames: [
                'genai-otel-collector-1:4317',
                'genai-otel-collector-2:4317',
                'genai-otel-collector-3:4317',
              ],
            },
          },
        },
        // Env references are kept as written: otelcol-contrib expands the same syntax.
        'otlp_http/mimir': {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a collector env reference, kept literally
          endpoint: '${env:MIMIR_URL:-http://mimir:9009/otlp}',
          compression: 'gzip',
        },
      },
      service: {
        pipelines: {
          traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['loadbalancing'] },
          'metrics/apps': {
            receivers: ['otlp'],
            processors: ['batch'],
            exporters: ['otlp_http/mimir'],
          },
        },
      },
    });
    // The text is that object, behind a header comment with the topology.
    expect(parse(yaml)).toEqual(config);
    expect(yaml).toMatch(/^# otelcol-contrib gateway, written by `genai-otel gateway-config /);
    expect(yaml).toContain('# Every span reaches a collector unsampled');
    expect(unknownKeys(config, ALLOWED, [], [])).toEqual([]);
  });

  it('the key check itself catches a misspelt key', () => {
    const misspelt = {
      exporters: {
        loadbalancing: { routing_keys: 'traceID', resolver: { static: { hostname: [] } } },
      },
    };
    expect(unknownKeys(misspelt, ALLOWED, [], [])).toEqual([
      'exporters.loadbalancing.routing_keys',
      'exporters.loadbalancing.resolver.static.hostname',
    ]);
  });

  it('metrics that need genai-otel go by service; keys otelcol does not know are left out and named', () => {
    const file = COLLECTOR_YAML;
    const config = loadConfig(file, { registry: registry(), env: {} });
    // A metrics pipeline that must reach the collectors (its exporter is genai-otel's).
    config.pipelines.push({
      id: 'metrics/llm',
      signal: 'metrics',
      receivers: ['otlp'],
      processors: [],
      exporters: ['prometheus'],
    });
    const raw = parse(`receivers:
  otlp:
    protocols:
      grpc: { endpoint: "localhost:4317", genai_extension: true }
      websocket: {}
`);
    const result = gatewayConfig(config, raw, { collectors: 2, hostPattern: 'otel-{i}.internal' });
    const exporters = result.config.exporters as Record<
      string,
      { routing_key?: string; resolver?: unknown }
    >;
    expect(exporters['loadbalancing/metrics']?.routing_key).toBe('service');
    expect(exporters['loadbalancing/metrics']?.resolver).toEqual({
      static: { hostnames: ['otel-1.internal:4317', 'otel-2.internal:4317'] },
    });
    expect(
      (result.config.service as { pipelines: Record<string, unknown> }).pipelines.metrics,
    ).toEqual({
      receivers: ['otlp'],
      processors: ['batch'],
      exporters: ['loadbalancing/metrics'],
    });
    expect(result.notes).toEqual([
      'left out receivers.otlp.protocols.grpc.genai_extension: not an otelcol-contrib key',
      'left out receivers.otlp.protocols.websocket: not an otelcol-contrib key',
    ]);
    expect(unknownKeys(result.config, ALLOWED, [], [])).toEqual([]);
  });

  it('a collector endpoint on loopback is pointed out', async () => {
    const file = join(dir, 'loopback.yaml');
    await writeFile(
      file,
      (await readFile(COLLECTOR_YAML, 'utf8')).replace('"0.0.0.0:4317"', '"127.0.0.1:4317"'),
    );
    const { notes } = gatewayConfigFromFile(file, { collectors: 1, registry: registry(), env: {} });
    expect(notes).toEqual([
      'receivers.otlp.protocols.grpc.endpoint is 127.0.0.1:4317: the collectors must listen beyond loopback for the gateway to reach them (e.g. 0.0.0.0:4317)',
      "the gateway's receivers.otlp.protocols.grpc.endpoint is 127.0.0.1:4317: services on other hosts cannot reach it; use 0.0.0.0:4317 in the gateway file",
    ]);
  });

  it('collectors that listen only for OTLP/HTTP cannot sit behind the loadbalancing exporter', async () => {
    const file = join(dir, 'http-only.yaml');
    const text = await readFile(COLLECTOR_YAML, 'utf8');
    await writeFile(file, text.replace('      grpc: { endpoint: "0.0.0.0:4317" }\n', ''));
    expect(() =>
      gatewayConfigFromFile(file, { collectors: 2, registry: registry(), env: {} }),
    ).toThrow(
      `${file}: the loadbalancing exporter sends OTLP/gRPC, so the collectors' otlp receiver needs protocols.grpc`,
    );
  });

  it('collectors with a TLS gRPC receiver: the gateway does not send in plain text, and says what to add', async () => {
    const file = join(dir, 'tls.yaml');
    const text = await readFile(COLLECTOR_YAML, 'utf8');
    await writeFile(
      file,
      text.replace(
        'grpc: { endpoint: "0.0.0.0:4317" }',
        'grpc: { endpoint: "0.0.0.0:4317", tls: { cert_file: /etc/otel/cert.pem, key_file: /etc/otel/key.pem } }',
      ),
    );
    const { config, notes } = gatewayConfigFromFile(file, {
      collectors: 1,
      registry: registry(),
      env: {},
    });
    const lb = (config.exporters as Record<string, { protocol: { otlp: { tls: unknown } } }>)
      .loadbalancing;
    expect(lb?.protocol.otlp.tls).toEqual({ insecure: false });
    expect(notes).toEqual([
      "the collectors' gRPC receiver uses TLS: give exporters.loadbalancing.protocol.otlp.tls.ca_file (and cert_file/key_file for mutual TLS) in the gateway file",
    ]);
    expect(unknownKeys(config, ALLOWED, [], [])).toEqual([]);
  });

  it("the receiver's genai-otel keys: a bearer token is sent to the collectors, and what otelcol uses instead is named", async () => {
    const file = join(dir, 'token.yaml');
    await writeFile(
      file,
      `receivers:
  otlp:
    protocols:
      http: { endpoint: "\${env:GENAI_OTEL_OTLP_HTTP_ENDPOINT:-localhost:4318}" }
      grpc: { endpoint: "0.0.0.0:4317" }
    bearer_token: "\${env:GENAI_OTEL_BEARER_TOKEN:-s3cret}"
    admission: { request_limit_mib: 128 }
processors:
  genai_cost: {}
connectors:
  genai_metrics: {}
exporters:
  prometheus: { endpoint: "0.0.0.0:9464" }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [genai_cost], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [prometheus] }
`,
    );
    const { config, notes } = gatewayConfigFromFile(file, {
      collectors: 2,
      registry: registry(),
      env: {},
    });
    const otlp = (
      config.exporters as Record<string, { protocol: { otlp: Record<string, unknown> } }>
    ).loadbalancing?.protocol.otlp;
    expect(otlp?.headers).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a collector env reference, kept literally
      authorization: 'Bearer ${env:GENAI_OTEL_BEARER_TOKEN:-s3cret}',
    });
    expect((config.receivers as Record<string, unknown>).otlp).toEqual({
      protocols: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a collector env reference, kept literally
        http: { endpoint: '${env:GENAI_OTEL_OTLP_HTTP_ENDPOINT:-localhost:4318}' },
        grpc: { endpoint: '0.0.0.0:4317' },
      },
    });
    expect(notes).toEqual([
      'left out receivers.otlp.bearer_token: not an otelcol-contrib key; otelcol checks tokens with the bearertokenauth extension (extensions.bearertokenauth.token, protocols.<grpc|http>.auth.authenticator: bearertokenauth)',
      'left out receivers.otlp.admission: not an otelcol-contrib key; otelcol bounds what it holds with the memory_limiter processor',
      "the gateway's receivers.otlp.protocols.http.endpoint is localhost:4318: services on other hosts cannot reach it; use 0.0.0.0:4318 in the gateway file",
    ]);
    expect(unknownKeys(config, ALLOWED, [], [])).toEqual([]);
  });

  it('a file without an otlp receiver has nothing to put behind a gateway: exit 78', async () => {
    const io = bufferIO();
    const jaeger = fileURLToPath(new URL('../../../collector-config/jaeger.yaml', import.meta.url));
    expect(await main(['gateway-config', jaeger, '--collectors', '2'], io)).toBe(78);
    expect(io.stderr()).toBe(
      `genai-otel gateway-config: ${jaeger} has no otlp receiver: the collectors behind a gateway receive OTLP from it (add receivers.otlp with protocols.grpc)\n`,
    );
    const bad = bufferIO();
    expect(await main(['gateway-config', jaeger, '--collectors', 'three'], bad)).toBe(64);
    expect(bad.stderr()).toContain('--collectors must be a positive integer, not "three"');
  });
});
