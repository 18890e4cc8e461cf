/**
 * collector-config/cloudwatch-logs.yaml is a valid config whose events, made by the real
 * genai_events connector from real finished spans and delivered by this exporter (its settings
 * from the file) to the local CloudWatch Logs server, carry every field that the saved Logs
 * Insights queries, the metric filters and the dashboard's log widgets read — in the groups
 * they read.
 */
import { readFileSync } from 'node:fs';
import type { LogsConsumer } from '@genai-otel/component';
import { type ComponentTypeInfo, parseConfig } from '@genai-otel/config';
import {
  type GenAIEventsConnector,
  genaiEventsConnectorFactory,
} from '@genai-otel/connector-genai-events';
import {
  captureLog,
  type FakeCloudWatchLogs,
  insightsEqualities,
  insightsQueryFields,
  startFakeCloudWatchLogs,
} from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsCloudWatchLogsExporterConfig } from '../src/config.js';
import {
  awsCloudWatchLogsExporterFactory,
  createAwsCloudWatchLogsExporter,
} from '../src/factory.js';
import { exportOnce } from './support/export.js';
import { recordConversation } from './support/records.js';

const root = new URL('../../../collector-config/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

const stub = (kind: ComponentTypeInfo['kind'], type: string, signals = ['traces']) =>
  ({ kind, type, signals, createDefaultConfig: () => ({}) }) as ComponentTypeInfo;
const types: ComponentTypeInfo[] = [
  stub('receiver', 'genai', ['traces', 'logs']),
  stub('processor', 'genai_cost'),
  stub('processor', 'batch', ['traces', 'logs']),
  genaiEventsConnectorFactory,
  awsCloudWatchLogsExporterFactory,
];
const catalog = {
  get: (kind: string, type: string) => types.find((t) => t.kind === kind && t.type === type),
  types: (kind: string) => types.filter((t) => t.kind === kind).map((t) => t.type),
};

const config = parseConfig(read('cloudwatch-logs.yaml'), {
  catalog,
  env: {},
  file: 'cloudwatch-logs.yaml',
});
const exporterConfig = config.exporters.get('awscloudwatchlogs')!
  .config as AwsCloudWatchLogsExporterConfig;

interface QueryDefinition {
  name: string;
  logGroupNames: string[];
  queryString: string;
}
const queries = (
  JSON.parse(read('cloudwatch-logs-insights-queries.json')) as { queries: QueryDefinition[] }
).queries;
const filters = (
  JSON.parse(read('cloudwatch-logs-metric-filters.json')) as {
    filters: {
      logGroupName: string;
      filterPattern: string;
      metricTransformations: { metricValue: string; dimensions?: Record<string, string> }[];
    }[];
  }
).filters;
const dashboard = JSON.parse(read('cloudwatch-dashboard.json')) as {
  widgets: { type: string; properties: { query?: string } }[];
};

let server: FakeCloudWatchLogs;
const CONVERSATION = 'conv-123';

beforeAll(async () => {
  server = await startFakeCloudWatchLogs();
  const connector = genaiEventsConnectorFactory.create(
    config.connectors.get('genai_events')!.config as never,
    { id: 'genai_events', log: captureLog(), env: {} },
  ) as GenAIEventsConnector;
  const exporter = createAwsCloudWatchLogsExporter(
    { ...exporterConfig, endpoint: server.url },
    {
      log: captureLog(),
      env: { AWS_ACCESS_KEY_ID: 'AKIAFAKEKEYID0000042', AWS_SECRET_ACCESS_KEY: 'fake+secret' },
    },
  );
  const records: Parameters<LogsConsumer['consume']>[0][number][] = [];
  connector.attachLogs({ consume: (r) => records.push(...r) });
  recordConversation(connector, CONVERSATION);
  recordConversation(connector, 'conv-456');
  await exportOnce(exporter, records);
  await exporter.shutdown();
});
afterAll(async () => {
  await server.close();
});

/** The events stored in `groups`, parsed. */
function eventsIn(groups: string[]): Record<string, unknown>[] {
  return groups.flatMap((g) =>
    server
      .events(g, exporterConfig.log_stream_name)
      .map((e) => JSON.parse(e.message) as Record<string, unknown>),
  );
}

describe('collector-config/cloudwatch-logs.yaml', () => {
  it('is a valid config: genai → genai_events → awscloudwatchlogs, five routed groups, 7 days', () => {
    expect(config.pipelines.map((p) => `${p.id}: ${p.receivers} → ${p.exporters}`)).toEqual([
      'traces: genai → genai_events',
      'logs: genai_events → awscloudwatchlogs',
      'logs/app: genai → awscloudwatchlogs/app',
    ]);
    expect(exporterConfig).toMatchObject({ log_retention: 7, raw_log: true });
    expect(Object.values(exporterConfig.log_group_routing.log_groups)).toEqual([
      '/revops/conversation-trace',
      '/revops/agent-collaboration',
      '/revops/data-operations',
      '/revops/decision-logic',
      '/revops/error-analysis',
    ]);
    for (const group of Object.values(exporterConfig.log_group_routing.log_groups)) {
      expect(server.groups.get(group)?.retentionInDays).toBe(7);
    }
  });

  it.each(queries.map((q) => [q.name, q] as const))(
    'saved query %s reads fields its groups’ events carry',
    (_name, q) => {
      const events = eventsIn(q.logGroupNames);
      expect(events.length).toBeGreaterThan(0);
      const fields = insightsQueryFields(q.queryString);
      expect(fields.length).toBeGreaterThan(0);
      for (const f of fields) {
        expect(
          events.some((e) => f in e),
          `${q.name}: no event has ${f}`,
        ).toBe(true);
      }
      for (const [f, v] of insightsEqualities(q.queryString)) {
        expect(
          events.some((e) => e[f] === v),
          `${q.name}: no event has ${f} = ${v}`,
        ).toBe(true);
      }
    },
  );

  it('the conversation query finds the conversation in all five groups', () => {
    const q = queries.find((x) => x.name === 'genai/conversation-by-correlation-id')!;
    const hits = q.logGroupNames.filter((g) =>
      eventsIn([g]).some((e) => e.correlation_id === CONVERSATION),
    );
    expect(hits).toEqual(q.logGroupNames);
  });

  it('metric filters read fields of their group’s events', () => {
    expect(filters.map((f) => f.logGroupName)).toEqual([
      '/revops/error-analysis',
      '/revops/conversation-trace',
    ]);
    for (const f of filters) {
      const events = eventsIn([f.logGroupName]);
      const refs = [
        ...f.filterPattern.matchAll(/\$\.(\w+)/g),
        ...f.metricTransformations.flatMap((t) =>
          [t.metricValue, ...Object.values(t.dimensions ?? {})].flatMap((v) => [
            ...v.matchAll(/\$\.(\w+)/g),
          ]),
        ),
      ].map((m) => m[1]!);
      for (const r of refs)
        expect(
          events.some((e) => r in e),
          `${f.logGroupName}: ${r}`,
        ).toBe(true);
      for (const [k, v] of insightsEqualities(f.filterPattern))
        expect(events.some((e) => e[k] === v)).toBe(true);
    }
  });

  it('the dashboard’s log widgets run the saved queries on the routed groups', () => {
    const logWidgets = dashboard.widgets.filter((w) => w.type === 'log');
    expect(logWidgets.length).toBe(6);
    const groups = new Set(Object.values(exporterConfig.log_group_routing.log_groups));
    for (const w of logWidgets) {
      const query = w.properties.query!;
      const sources = [...query.matchAll(/SOURCE '([^']+)'/g)].map((m) => m[1]!);
      for (const s of sources) expect(groups.has(s)).toBe(true);
      const body = query.replace(/^(SOURCE '[^']+' \| )+/, '');
      expect(queries.map((q) => q.queryString.replaceAll('\n', ' '))).toContain(body);
    }
  });
});
