import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { deadPort, startSilentServer } from './tcp-servers.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** An app that starts the default config, makes one span, and shuts down. */
const app = (shutdownMs: number) => `
import { diag, trace } from '@opentelemetry/api';
import { loadConfig, startFromConfig } from ${JSON.stringify(dist)};
const otel = startFromConfig(loadConfig(undefined));
diag.warn('diag is on');
trace.getTracer('app').startSpan('work').end();
await otel.shutdown(${shutdownMs});
console.log('app done');
`;

function run(endpoint: string, shutdownMs: number) {
  return runNode(['--input-type=module', '-e', app(shutdownMs)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    // The exporter's default 10 s timeout: neither outage may cost anything near it.
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_LOG_LEVEL: 'warn' },
    timeoutMs: 20_000,
  });
}

describe('in a real process', () => {
  it('with nothing listening: one clear line, no stack trace, exits at once', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const result = await run(url, 1000);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('app done\n');
    expect(result.stderr).toBe(
      [
        'diag is on',
        `genai-otel: exporter otlp_http could not reach ${url}/v1/traces (ECONNREFUSED); dropped 1 span`,
        '',
      ].join('\n'),
    );
    // Node and the sdk load in well under a second; retries end at the shutdown bound.
    // Far below the exporter's 10 s timeout (the bound it must not wait for): Node and the sdk
    // load in well under a second, but CI runs every package at once on two cores.
    expect(result.durationMs).toBeLessThan(8000);
  });

  it('with a collector that never answers: exits at the shutdown bound, one line', async () => {
    const server = await startSilentServer();
    try {
      const result = await run(server.url, 500);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('app done\n');
      expect(result.stderr).toBe(
        [
          'diag is on',
          'genai-otel: exporter otlp_http dropped 1 span (1 still unsent at shutdown)',
          '',
        ].join('\n'),
      );
      // The request to the silent collector would hold the process for its 10 s timeout.
      expect(result.durationMs).toBeLessThan(4000);
      expect(server.connections).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('start-up cost', () => {
  const dir = mkdtempSync(join(tmpdir(), 'startup-'));

  async function packagesLoaded(yaml: string): Promise<string[]> {
    const config = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(config, yaml);
    const app = fileURLToPath(new URL('./fixtures/startup-app.mjs', import.meta.url));
    const result = await runNode([app, config], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      timeoutMs: 20_000,
    });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as string[];
  }

  it('compiles no schema: the validators were built with the package, ajv is never loaded', async () => {
    const loaded = await packagesLoaded(`
receivers: { genai: }
processors: { batch: }
exporters: { otlp_http: { endpoint: "http://127.0.0.1:1" }, debug: { verbosity: normal }, file: { path: ${JSON.stringify(join(dir, 'spans.jsonl'))} } }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [otlp_http, debug, file] } } }
`);
    expect(loaded).toContain('yaml');
    // The official delegate and serializers (the transport is ours), otlp-proto-encoder for protobuf.
    expect(loaded).toContain('@opentelemetry/otlp-exporter-base');
    expect(loaded).toContain('@opentelemetry/otlp-transformer');
    expect(loaded).toContain('@genai-otel/otlp-proto-encoder');
    // At most a runtime helper of a precompiled validator, never the compiler.
    expect(loaded.filter((name) => name.startsWith('ajv/'))).toEqual([
      'ajv/dist/runtime/ucs2length.js',
    ]);
  });

  it('loads an exporter only when it is configured, in the encoding it uses', async () => {
    const loaded = await packagesLoaded(`
receivers: { genai: }
exporters: { debug: }
service: { pipelines: { traces: { receivers: [genai], exporters: [debug] } } }
`);
    for (const name of [
      '@opentelemetry/otlp-transformer',
      '@opentelemetry/exporter-trace-otlp-proto',
      '@opentelemetry/exporter-trace-otlp-http',
      '@opentelemetry/exporter-metrics-otlp-proto',
      '@opentelemetry/exporter-metrics-otlp-http',
      // Component packages the config does not name: not even their factories' modules.
      '@genai-otel/exporter-langsmith',
      '@genai-otel/exporter-cloudwatch-emf',
      '@genai-otel/processor-cost',
      '@genai-otel/processor-redaction',
      '@genai-otel/connector-genai-metrics',
      '@genai-otel/receiver-otlp',
      '@genai-otel/connector-genai-events',
      '@genai-otel/exporter-cloudwatch-logs',
    ]) {
      expect(loaded).not.toContain(name);
    }
  });
});
