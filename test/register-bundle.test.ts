/**
 * `node --import @genai-otel/register` loads one bundle (packages/register/scripts/
 * bundle-register.mjs): the sdk, every genai-otel package and the OpenTelemetry SDK they use. What
 * the sdk loads by name at run time (components the config names, the instrumentations it
 * discovers) must come from that bundle too: an installed copy would be a second instance of every
 * module the two share. This app runs a config with such components, and the test checks where
 * each module came from and that each of those components did its work.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_SOURCE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  GEN_AI_USAGE_COST_SOURCE,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@genai-otel/semantic-conventions';
import { readJsonlSpans } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runApp, useTempDirs, writeConfig } from './support/run-app.js';
import { useServers } from './support/servers.js';
import { appResult, CHAT_SPAN, expectAppSpans, spanIds } from './support/spans.js';

/** The OpenTelemetry packages the bundle holds: none may load from its installed folder. */
const BUNDLED_OTEL =
  /\/node_modules\/@opentelemetry\/(sdk-trace|sdk-metrics|core|resources|semantic-conventions|exporter-prometheus|otlp-transformer|otlp-exporter-base|context-async-hooks|instrumentation-http|instrumentation-undici)\//;

describe('the register bundle', () => {
  const servers = useServers();
  const tempDir = useTempDirs();

  it('loads every genai-otel module and the OpenTelemetry SDK from the bundle, lazily loaded components included', async () => {
    const dir = await tempDir();
    const spansFile = join(dir, 'spans.jsonl');
    const emfFile = join(dir, 'emf.jsonl');
    const modulesFile = join(dir, 'modules.json');
    const config = await writeConfig(
      dir,
      `receivers:
  genai: {}
processors:
  genai_cost: {}
  batch:
    timeout: 200ms
connectors:
  genai_metrics: {}
exporters:
  file:
    path: ${JSON.stringify(spansFile)}
  otlp_http:
    endpoint: ${JSON.stringify(servers.otlp.url)}
  prometheus:
    endpoint: 127.0.0.1:0
  awsemf:
    namespace: GenAI
    output_destination: file
    path: ${JSON.stringify(emfFile)}
service:
  pipelines:
    traces:
      receivers: [genai]
      processors: [genai_cost, batch]
      exporters: [file, otlp_http, genai_metrics]
    metrics:
      receivers: [genai_metrics]
      exporters: [prometheus, awsemf]
`,
    );
    const run = await runApp(
      'app.mjs',
      {
        GENAI_OTEL_CONFIG: config,
        MOCK_LLM_URL: servers.llm.url,
        RECORD_MODULES_FILE: modulesFile,
      },
      { imports: [join(FIXTURES, 'record-modules.mjs')] },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const modules = JSON.parse(await readFile(modulesFile, 'utf8')) as [string, string][];
    const code = modules.filter(([, format]) => format !== 'json' && format !== 'builtin');
    const ours = code.map(([url]) => url).filter((url) => /\/packages\/[^/]+\/dist\//.test(url));
    const fromBundle = ours.filter((url) => url.includes('/packages/register/dist/bundle/'));
    // The only genai-otel code outside the bundle: the precompiled schema validators, data files
    // read by path (the config's and the sdk's, one file per schema the config uses).
    expect(ours.filter((url) => !fromBundle.includes(url))).toEqual(
      ours.filter((url) =>
        /\/packages\/(config|sdk)\/dist\/validators\/[0-9a-f]{16}\.cjs$/.test(url),
      ),
    );
    // The lazily loaded packages this config names, each the bundle's own entry.
    for (const name of [
      'lazy-genai-otel-processor-cost.js',
      'lazy-genai-otel-connector-genai-metrics.js',
      'lazy-genai-otel-exporter-cloudwatch-emf.js',
      'lazy-genai-otel-instrumentation-openai.js',
    ]) {
      expect(fromBundle.some((url) => url.endsWith(`/bundle/${name}`))).toBe(true);
    }
    expect(code.map(([url]) => url).filter((url) => BUNDLED_OTEL.test(url))).toEqual([]);
    expect(code.some(([url]) => /\/node_modules\/yaml\//.test(url))).toBe(false);

    // And each did its work: instrumented, priced, exported twice, turned into EMF metrics.
    const result = appResult(run.stdout);
    const fileSpans = await readJsonlSpans(spansFile);
    expectAppSpans(fileSpans, result);
    expect(spanIds(servers.otlp.spans())).toEqual(spanIds(fileSpans));
    // Every chat call that reported usage is priced (the app's failing call reports none).
    const chat = fileSpans.filter(
      (s) => s.name === CHAT_SPAN && s.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] !== undefined,
    );
    expect(chat.length).toBeGreaterThanOrEqual(2);
    for (const span of chat) {
      expect(span.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeGreaterThan(0);
      expect(span.attributes[ATTR_GEN_AI_USAGE_COST_SOURCE]).toBe(GEN_AI_USAGE_COST_SOURCE.LOCAL);
    }
    const emf = (await readFile(emfFile, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map(
        (line) =>
          JSON.parse(line) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } },
      );
    const emfMetrics = new Set(
      emf.flatMap((d) => d._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name))),
    );
    expect([...emfMetrics].some((n) => n.startsWith(METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name))).toBe(
      true,
    );
  });
});
