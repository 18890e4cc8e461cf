import { fileURLToPath } from 'node:url';
import { runNode, startOtlpReceiver } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** An app that starts the default config, makes one span, and shuts down. */
const app = `
import { diag, trace } from '@opentelemetry/api';
import { loadConfig, startFromConfig } from ${JSON.stringify(dist)};
const otel = startFromConfig(loadConfig(undefined));
diag.warn('diag is on');
trace.getTracer('app').startSpan('work').end();
await otel.shutdown(4000);
console.log('app done');
`;

describe('in a real process', () => {
  it('with the endpoint down: one clear line, a summary, no stack trace, prompt exit', async () => {
    const probe = await startOtlpReceiver();
    await probe.close();
    const url = `http://127.0.0.1:${probe.port}`;
    const result = await runNode(['--input-type=module', '-e', app], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: url,
        OTEL_EXPORTER_OTLP_TIMEOUT: '500',
        OTEL_LOG_LEVEL: 'warn',
      },
      timeoutMs: 20_000,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('app done\n');
    expect(result.stderr).toBe(
      [
        'diag is on',
        `genai-otel: exporter otlp_http cannot reach ${url}/v1/traces (ECONNREFUSED); spans will be dropped until it is reachable`,
        'genai-otel: exporter otlp_http dropped 1 span',
        '',
      ].join('\n'),
    );
    expect(result.durationMs).toBeLessThan(10_000);
  });
});
