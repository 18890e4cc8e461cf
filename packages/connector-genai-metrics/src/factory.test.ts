import { fileURLToPath } from 'node:url';
import type { ComponentLogger } from '@genai-otel/component';
import {
  type ComponentCatalog,
  type ComponentTypeInfo,
  loadConfigFile,
  parseConfig,
} from '@genai-otel/config';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
} from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import type { GenAIMetricsConnectorConfig } from './config.js';
import { genaiMetricsConnectorFactory } from './factory.js';
import { GenAIMetricsConnector } from './genai-metrics-connector.js';

const testdata = fileURLToPath(new URL('./testdata/config.yaml', import.meta.url));
const stub = (kind: ComponentTypeInfo['kind'], type: string): ComponentTypeInfo => ({
  kind,
  type,
  signals: ['traces', 'metrics'],
  createDefaultConfig: () => ({}),
});
const infos = [stub('receiver', 'genai'), stub('exporter', 'debug'), genaiMetricsConnectorFactory];
const catalog: ComponentCatalog = {
  get: (kind, type) => infos.find((f) => f.kind === kind && f.type === type),
  types: (kind) => infos.filter((f) => f.kind === kind).map((f) => f.type),
};

describe('genai_metrics factory', () => {
  const loaded = loadConfigFile(testdata, { catalog, env: {} });

  it.each<[string, GenAIMetricsConnectorConfig]>([
    ['genai_metrics', { dimensions: [], cardinality_limit: 1000 }],
    [
      'genai_metrics/tenants',
      {
        dimensions: ['tenant.id', { name: ATTR_GEN_AI_AGENT_NAME, default: 'none' }],
        cardinality_limit: 50,
      },
    ],
  ])('loads %s from testdata', (id, expected) => {
    expect(loaded.connectors.get(id)?.config).toEqual(expected);
  });

  it('builds a connector, and says when a dimension makes a series per conversation or user', () => {
    const lines: string[] = [];
    const log: ComponentLogger = {
      info() {},
      warn: (m) => lines.push(m),
      error() {},
      once() {},
    };
    const built = genaiMetricsConnectorFactory.create(
      { dimensions: [ATTR_GEN_AI_CONVERSATION_ID], cardinality_limit: 10 },
      { id: 'genai_metrics', env: {}, log },
    );
    expect(built).toBeInstanceOf(GenAIMetricsConnector);
    expect(lines).toEqual([
      'dimension gen_ai.conversation.id makes one series per value; at most cardinality_limit (10) are kept apart',
    ]);
  });

  it('rejects a duplicate dimension and a zero limit, naming the key', () => {
    let message = '';
    try {
      parseConfig(
        `receivers: { genai: }
connectors:
  genai_metrics: { dimensions: [tenant.id, tenant.id], cardinality_limit: 0 }
exporters: { debug: }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [debug] }
`,
        { file: 't.yaml', catalog, env: {} },
      );
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('connectors.genai_metrics.cardinality_limit');
  });
});
