/**
 * The promise of `--import @genai-otel/register`: an unmodified app, ESM or CommonJS, gets its
 * openai calls traced, and every exporter of the pipeline receives the very same spans by the
 * time the process has exited.
 */
import { join } from 'node:path';
import { ATTR_GEN_AI_RESPONSE_ID, ATTR_SERVICE_NAME } from '@genai-otel/semantic-conventions';
import { readJsonlSpans } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { pipelineYaml } from './support/config.js';
import { runApp, useTempDirs, writeConfig } from './support/run-app.js';
import { useServers } from './support/servers.js';
import { appResult, CHAT_SPAN, expectAppSpans, spanIds } from './support/spans.js';

describe('an app run with --import @genai-otel/register', () => {
  const servers = useServers();
  const tempDir = useTempDirs();

  async function runWithFileAndOtlp(fixture: string, encoding: 'proto' | 'json') {
    const dir = await tempDir();
    const file = join(dir, 'spans.jsonl');
    const config = await writeConfig(
      dir,
      pipelineYaml({ file, otlp: { endpoint: servers.otlp.url, encoding } }),
    );
    const run = await runApp(fixture, {
      GENAI_OTEL_CONFIG: config,
      MOCK_LLM_URL: servers.llm.url,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('APP DONE');
    // Read only after exit, without waiting: the flush must have happened before the process ended.
    return { run, fileSpans: await readJsonlSpans(file), otlpSpans: servers.otlp.spans() };
  }

  it.each([
    ['ESM', 'app.mjs', 'proto', 'application/x-protobuf'],
    ['ESM', 'app.mjs', 'json', 'application/json'],
    ['CommonJS', 'app.cjs', 'proto', 'application/x-protobuf'],
  ] as const)(
    '%s app (%s), otlp_http %s + file: both exporters hold every span, same ids',
    async (_kind, fixture, encoding, contentType) => {
      const { run, fileSpans, otlpSpans } = await runWithFileAndOtlp(fixture, encoding);
      const result = appResult(run.stdout);

      expectAppSpans(fileSpans, result);
      expectAppSpans(otlpSpans, result);
      expect(spanIds(otlpSpans)).toEqual(spanIds(fileSpans));
      expect(new Set(servers.otlp.requests.map((r) => r.contentType))).toEqual(
        new Set([contentType]),
      );
      // The app really talked to the mock: five calls, five spans.
      expect(servers.llm.requests).toHaveLength(5);
    },
  );

  it('puts OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES on the resource', async () => {
    const dir = await tempDir();
    const config = await writeConfig(dir, pipelineYaml({ otlp: { endpoint: servers.otlp.url } }));
    const run = await runApp('app.mjs', {
      GENAI_OTEL_CONFIG: config,
      MOCK_LLM_URL: servers.llm.url,
      OTEL_SERVICE_NAME: 'checkout-assistant',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=e2e,team=genai%20platform',
    });
    expect(run.code).toBe(0);
    const spans = servers.otlp.spans();
    expect(spans).toHaveLength(5);
    for (const span of spans) {
      expect(span.resource).toMatchObject({
        [ATTR_SERVICE_NAME]: 'checkout-assistant',
        'deployment.environment.name': 'e2e',
        team: 'genai platform',
      });
    }
  });

  it('start() from code, then process.exit() after forceFlush(): the span is out, the exit code kept', async () => {
    const run = await runApp(
      'start-app.mjs',
      { MOCK_LLM_URL: servers.llm.url, OTEL_EXPORTER_OTLP_ENDPOINT: servers.otlp.url },
      { register: false },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('STARTED function');
    const id = /^CALL 1 (\S+)$/m.exec(run.stdout)?.[1];
    const spans = servers.otlp.spans();
    expect(spans.map((s) => [s.name, s.attributes[ATTR_GEN_AI_RESPONSE_ID]])).toEqual([
      [CHAT_SPAN, id],
    ]);
  });

  it('without GENAI_OTEL_CONFIG sends to OTEL_EXPORTER_OTLP_ENDPOINT (the default config)', async () => {
    const run = await runApp('app.mjs', {
      MOCK_LLM_URL: servers.llm.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: servers.otlp.url,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectAppSpans(servers.otlp.spans(), appResult(run.stdout));
    expect(servers.otlp.requests.every((r) => r.contentType === 'application/x-protobuf')).toBe(
      true,
    );
  });
});
