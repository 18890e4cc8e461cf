import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ComponentTypeInfo } from '@genai-otel/config';
import { parseConfig, validateWithSchema } from '@genai-otel/config';
import {
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_REQUEST_MODEL,
  METRIC_GEN_AI_CLIENT_COST,
} from '@genai-otel/semantic-conventions';
import { captureLog } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { createDefaultConfig } from './config.js';
import { AwsEmfMetricExporter } from './exporter.js';
import { awsEmfExporterFactory } from './factory.js';

const testdata = fileURLToPath(new URL('../testdata/config.yaml', import.meta.url));

const receiver: ComponentTypeInfo = {
  kind: 'receiver',
  type: 'otlp',
  signals: ['metrics'],
  createDefaultConfig: () => ({}),
};
const types: ComponentTypeInfo[] = [receiver, awsEmfExporterFactory];
const catalog = {
  get: (kind: string, type: string) => types.find((t) => t.kind === kind && t.type === type),
  types: (kind: string) => types.filter((t) => t.kind === kind).map((t) => t.type),
};

function load(text: string, env: Record<string, string> = {}) {
  return parseConfig(text, { catalog, env, file: 'config.yaml' });
}

function exporterYaml(body: string): string {
  return `receivers: { otlp: }
exporters:
  awsemf:
${body.replace(/^/gm, '    ')}
service: { pipelines: { metrics: { receivers: [otlp], exporters: [awsemf] } } }
`;
}

describe('awsemf factory', () => {
  it('loads the named instances of testdata/config.yaml', () => {
    const config = load(readFileSync(testdata, 'utf8'), {
      LOGS_ENDPOINT: 'http://127.0.0.1:4566',
      OUT_DIR: '/var/log/app',
    });
    const get = (id: string) => config.exporters.get(id)?.config;
    const defaults = createDefaultConfig();
    expect(get('awsemf')).toEqual(defaults);
    expect(get('awsemf/lambda')).toEqual({
      ...defaults,
      namespace: 'GenAI',
      output_destination: 'stdout',
      dimension_rollup_option: 'NoDimensionRollup',
      resource_to_telemetry_conversion: { enabled: true },
      metric_declarations: [
        {
          dimensions: [['service.name'], ['service.name', ATTR_GEN_AI_REQUEST_MODEL]],
          metric_name_selectors: ['^gen_ai\\.client\\.'],
        },
        {
          dimensions: [['service.name', ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]],
          metric_name_selectors: ['^gen_ai\\.agent\\.handoffs$'],
          label_matchers: [
            { label_names: [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE], regex: '^(agent|human)$' },
          ],
        },
      ],
      metric_descriptors: [
        { metric_name: METRIC_GEN_AI_CLIENT_COST.name, unit: 'None', overwrite: true },
      ],
    });
    expect(get('awsemf/direct')).toEqual({
      ...defaults,
      namespace: 'GenAI/checkout',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      log_group_name: '/genai/{ServiceName}',
      log_stream_name: '{TaskId}',
      log_retention: 30,
      tags: { team: 'ml-platform' },
      detailed_metrics: true,
      max_retries: 5,
      sending_queue: { queue_size: 500 },
    });
    expect(get('awsemf/agent')).toEqual({
      ...defaults,
      output_destination: 'agent',
      agent_endpoint: 'udp://127.0.0.1:25888',
    });
    expect(get('awsemf/file')).toEqual({
      ...defaults,
      output_destination: 'file',
      path: '/var/log/app/emf.log',
    });
  });

  it.each([
    [
      'log_retention: 4',
      /exporters\.awsemf\.log_retention: must be one of: 0, 1, 3, 5, 7, 14, 30, .* \(got 4\)/,
    ],
    ['namespace: "bad!ns"', /exporters\.awsemf\.namespace: must be empty or letters/],
    [
      'dimension_rollup_option: Single',
      /exporters\.awsemf\.dimension_rollup_option: must be one of: ZeroAndSingleDimensionRollup, SingleDimensionRollupOnly, NoDimensionRollup/,
    ],
    [
      'output_destination: s3',
      /exporters\.awsemf\.output_destination: must be one of: cloudwatch, stdout, file, agent \(got "s3"\)/,
    ],
    [
      'output_destination: file',
      /exporters\.awsemf\.path: is required when output_destination is file/,
    ],
    [
      'agent_endpoint: http://agent:25888',
      /exporters\.awsemf\.agent_endpoint: must be tcp:\/\/host\[:port\] or udp:\/\/host\[:port\]/,
    ],
    ['endpoint: "not a url"', /exporters\.awsemf\.endpoint: must be a URL/],
    [
      'metric_declarations: [{ metric_name_selectors: ["(unclosed"] }]',
      /exporters\.awsemf\.metric_declarations\[0\]\.metric_name_selectors\[0\]: invalid regular expression "\(unclosed"/,
    ],
    [
      'metric_declarations: [{ dimensions: [[a]] }]',
      /exporters\.awsemf\.metric_declarations\[0\]\.metric_name_selectors: is required/,
    ],
    [
      'metric_descriptors: [{ metric_name: x, unit: Hours }]',
      /exporters\.awsemf\.metric_descriptors\[0\]\.unit: must be one of: Seconds, Microseconds, .* \(got "Hours"\)/,
    ],
    ['bogus: 1', /exporters\.awsemf\.bogus: unknown key "bogus"/],
    [
      'log_group_name: "/genai/my app"',
      /exporters\.awsemf\.log_group_name: must be empty or letters, digits and \. - _ \/ #/,
    ],
    [
      'log_group_name: "/genai/{Service}"',
      /exporters\.awsemf\.log_group_name: has an unknown placeholder \{Service\} \(known: \{ClusterName\}, \{TaskId\}/,
    ],
    [
      'log_group_name: aws/genai',
      /exporters\.awsemf\.log_group_name: must not start with "aws\/": CloudWatch Logs reserves it/,
    ],
    [
      'log_stream_name: "host:1"',
      /exporters\.awsemf\.log_stream_name: must not contain ":" or "\*"/,
    ],
  ])('rejects %s, naming the key', (body, message) => {
    expect(() => load(exporterYaml(body))).toThrow(message);
  });

  it('validate() checks configured log names itself (for configs built in code)', () => {
    expect(
      awsEmfExporterFactory.validate!({
        ...createDefaultConfig(),
        log_group_name: '/metrics/unknown_service:node',
        log_stream_name: '{TaskId}*',
      }),
    ).toEqual([
      {
        path: ['log_group_name'],
        message:
          'contains ":", not allowed in a CloudWatch Logs log group name (allowed: letters, digits and . - _ / #) (got "/metrics/unknown_service:node")',
      },
      {
        path: ['log_stream_name'],
        message:
          'contains "*", not allowed in a CloudWatch Logs log stream name (allowed: any character but : and *) (got "{TaskId}*")',
      },
    ]);
    // Placeholders and the defaults pass; the values they bring in are repaired when sent.
    expect(
      awsEmfExporterFactory.validate!({
        ...createDefaultConfig(),
        log_group_name: '/genai/{ServiceName}',
        log_stream_name: '{ServiceName}/{TaskId}',
      }),
    ).toEqual([]);
    expect(awsEmfExporterFactory.validate!(createDefaultConfig())).toEqual([]);
  });

  it('lets env references through the schema, for editors reading collector-config/cloudwatch.yaml unexpanded', () => {
    const yaml = readFileSync(
      fileURLToPath(new URL('../../../collector-config/cloudwatch.yaml', import.meta.url)),
      'utf8',
    );
    const raw = (key: string) => new RegExp(`^\\s+${key}: (.+)$`, 'm').exec(yaml)?.[1];
    const unexpanded = {
      log_group_name: raw('log_group_name'),
      log_stream_name: raw('log_stream_name'),
    };
    expect(unexpanded.log_group_name).toMatch(/^\$\{env:/);
    expect(validateWithSchema(awsEmfExporterFactory.schema!, unexpanded)).toEqual([]);
    expect(
      validateWithSchema(awsEmfExporterFactory.schema!, {
        log_group_name: 'a:b',
        log_stream_name: 'a*b',
      }).map((i) => i.path.join('.')),
    ).toEqual(['log_group_name', 'log_stream_name']);
  });

  it('reports a declaration with too many dimensions', () => {
    const dims = Array.from({ length: 31 }, (_, i) => `d${i}`).join(', ');
    expect(() =>
      load(
        exporterYaml(
          `metric_declarations: [{ dimensions: [[${dims}]], metric_name_selectors: [x] }]`,
        ),
      ),
    ).toThrow(
      /config\.yaml:4:\d+: exporters\.awsemf\.metric_declarations\[0\]\.dimensions\[0\]: has 31 dimensions; CloudWatch allows at most 30/,
    );
  });

  it('creates a metrics exporter named after its destination', () => {
    const log = captureLog();
    const make = (config: object, env: Record<string, string> = {}) =>
      awsEmfExporterFactory.create(
        { ...createDefaultConfig(), ...config },
        { id: 'awsemf', log, env },
      );
    const lambda = make({ output_destination: 'stdout' });
    expect(lambda.metrics).toBeInstanceOf(AwsEmfMetricExporter);
    expect(lambda.metricsTarget).toBe('stdout');
    expect(make({ output_destination: 'agent' }).metricsTarget).toBe('tcp://127.0.0.1:25888');
    expect(
      make({ output_destination: 'agent' }, { AWS_EMF_AGENT_ENDPOINT: 'udp://10.0.0.1' })
        .metricsTarget,
    ).toBe('udp://10.0.0.1:25888');
    expect(make({}, { AWS_REGION: 'us-east-2' }).metricsTarget).toBe('CloudWatch Logs (us-east-2)');
    expect(make({ output_destination: 'file', path: '/tmp/x/emf.log' }).metricsTarget).toBe(
      '/tmp/x/emf.log',
    );
    expect(log.lines).toEqual([]);
  });
});
