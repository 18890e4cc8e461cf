import { fileURLToPath } from 'node:url';
import type { ComponentCatalog, ComponentTypeInfo } from '@genai-otel/config';
import { loadConfigFile, parseConfig } from '@genai-otel/config';
import { describe, expect, it } from 'vitest';
import { captureLog } from '../test/harness.js';
import { LangSmithSpanExporter } from './exporter.js';
import { langsmithExporterFactory, resolveOptions } from './factory.js';

const testdata = fileURLToPath(new URL('../testdata/config.yaml', import.meta.url));

// The two component types the test files use: this exporter and a bare in-process receiver.
const genai: ComponentTypeInfo = {
  kind: 'receiver',
  type: 'genai',
  signals: ['traces'],
  createDefaultConfig: () => ({}),
};
const catalog: ComponentCatalog = {
  get: (kind, type) =>
    kind === 'exporter' && type === 'langsmith'
      ? langsmithExporterFactory
      : kind === 'receiver' && type === 'genai'
        ? genai
        : undefined,
  types: (kind) => (kind === 'exporter' ? ['langsmith'] : kind === 'receiver' ? ['genai'] : []),
};

function configOf(yaml: string) {
  return parseConfig(yaml, { catalog, env: {} });
}

describe('langsmith exporter factory', () => {
  it('loads named instances from testdata', () => {
    const loaded = loadConfigFile(testdata, { catalog, env: { LANGSMITH_API_KEY: 'lsv2_pt_x' } });
    expect(loaded.exporters.get('langsmith')?.config).toEqual({
      timeout: '30s',
      batch_size: 100,
      batch_size_bytes: 25_165_824,
      hide_inputs: false,
      hide_outputs: false,
      max_queued_runs: 2048,
      concurrency: 8,
      parent_wait: '5m',
    });
    expect(loaded.exporters.get('langsmith/full')?.config).toEqual({
      api_key: 'lsv2_pt_x',
      endpoint: 'https://eu.api.smith.langchain.com',
      project: 'support-bot-prod',
      workspace_id: '6f5a1c2e-0000-4000-8000-000000000001',
      timeout: '10s',
      batch_size: 50,
      batch_size_bytes: 1_048_576,
      hide_inputs: true,
      hide_outputs: true,
      max_queued_runs: 500,
      concurrency: 2,
      parent_wait: '90s',
    });
  });

  it('takes unset keys from LangSmith environment variables, then the defaults', () => {
    const d = langsmithExporterFactory.createDefaultConfig();
    expect(resolveOptions(d, {})).toMatchObject({
      apiKey: undefined,
      apiUrl: 'https://api.smith.langchain.com',
      project: 'default',
      workspaceId: undefined,
      timeoutMs: 30_000,
      maxQueuedRuns: 2048,
      parentWaitMs: 300_000,
    });
    const env = {
      LANGSMITH_API_KEY: 'lsv2_env',
      LANGSMITH_ENDPOINT: 'http://localhost:1984/',
      LANGSMITH_PROJECT: 'from-env',
      LANGSMITH_WORKSPACE_ID: 'ws-1',
    };
    expect(resolveOptions(d, env)).toMatchObject({
      apiKey: 'lsv2_env',
      apiUrl: 'http://localhost:1984',
      project: 'from-env',
      workspaceId: 'ws-1',
    });
    expect(resolveOptions({ ...d, project: 'yaml-wins' }, env).project).toBe('yaml-wins');
  });

  it('names the key of a bad value', () => {
    expect(() =>
      configOf(`
receivers: { genai: }
exporters: { langsmith: { endpoint: "smith.example", timeout: "soon", max_queued_runs: 0, colour: red } }
service: { pipelines: { traces: { receivers: [genai], exporters: [langsmith] } } }
`),
    ).toThrow(
      [
        '<inline>:3:63: exporters.langsmith.timeout: must be a duration like "5s" or a number of milliseconds (got "soon")',
        '<inline>:3:88: exporters.langsmith.max_queued_runs: must be >= 1 (got 0)',
        '<inline>:3:91: exporters.langsmith.colour: unknown key "colour" (valid keys: api_key, endpoint, project, workspace_id, timeout, batch_size, batch_size_bytes, hide_inputs, hide_outputs, max_queued_runs, concurrency, parent_wait)',
      ].join('\n'),
    );
    // Past the schema, validate() checks what a schema cannot.
    expect(() =>
      configOf(`
receivers: { genai: }
exporters: { langsmith: { endpoint: "smith.example" } }
service: { pipelines: { traces: { receivers: [genai], exporters: [langsmith] } } }
`),
    ).toThrow('exporters.langsmith.endpoint: must be an http(s) URL, got "smith.example"');
    const issues = langsmithExporterFactory.validate!({ endpoint: 'smith.example', timeout: '0s' });
    expect(issues).toEqual([
      { path: ['endpoint'], message: 'must be an http(s) URL, got "smith.example"' },
      { path: ['timeout'], message: 'must be longer than 0, got "0s"' },
    ]);
  });

  it('creates the span exporter with its queue size, timeout, concurrency and target', async () => {
    const log = captureLog();
    const warnings: string[] = [];
    const exporter = langsmithExporterFactory.create(
      {
        ...langsmithExporterFactory.createDefaultConfig(),
        max_queued_runs: 77,
        timeout: '4s',
        concurrency: 3,
      },
      {
        id: 'langsmith/prod',
        env: {},
        log: { ...log, info() {}, warn: (m) => warnings.push(m), error() {} },
      },
    );
    expect(exporter.traces).toBeInstanceOf(LangSmithSpanExporter);
    expect(exporter).toMatchObject({
      target: 'https://api.smith.langchain.com',
      queueSize: 77,
      timeoutMs: 4000,
      concurrency: 3,
    });
    expect(warnings).toEqual([
      'exporter langsmith/prod: no api_key (set LANGSMITH_API_KEY); LangSmith will refuse the runs',
    ]);
    await exporter.traces!.shutdown();
  });
});
