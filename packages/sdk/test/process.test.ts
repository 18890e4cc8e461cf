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
    const result = await run(url, 4000);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('app done\n');
    expect(result.stderr).toBe(
      [
        'diag is on',
        `genai-otel: exporter otlp_http could not reach ${url}/v1/traces (ECONNREFUSED); dropped 1 span`,
        '',
      ].join('\n'),
    );
    // Node and the sdk load in well under a second; the old retries took the whole 4 s shutdown.
    expect(result.durationMs).toBeLessThan(3000);
  });

  it('with a collector that never answers: exits when shutdown stops waiting', async () => {
    const server = await startSilentServer();
    try {
      const result = await run(server.url, 500);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('app done\n');
      expect(result.stderr).toBe(
        [
          'diag is on',
          'genai-otel: shutdown stopped waiting after 500ms (still exporting: otlp_http)',
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
