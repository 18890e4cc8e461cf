import {
  LOG_GROUP_NAME_PATTERN,
  LOG_STREAM_NAME_PATTERN,
  logNameProblem,
  toLogGroupName,
  toLogStreamName,
} from '@genai-otel/exporter-cloudwatch-logs';
import { ATTR_AWS_ECS_TASK_ID, ATTR_SERVICE_NAME } from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { defaultLogGroupName, expandPlaceholders, LOG_NAME_PLACEHOLDERS } from './resource.js';

const group = new RegExp(LOG_GROUP_NAME_PATTERN);
const stream = new RegExp(LOG_STREAM_NAME_PATTERN);

describe('CloudWatch Logs names', () => {
  it("default the log group to the collector's /metrics/<namespace>, repaired", () => {
    expect(defaultLogGroupName('GenAI/checkout-bot')).toBe('/metrics/GenAI/checkout-bot');
    expect(defaultLogGroupName('default')).toBe('/metrics/default');
    // OpenTelemetry's default service.name: a valid namespace, not a valid log group.
    expect(defaultLogGroupName('unknown_service:node')).toBe('/metrics/unknown_service_node');
    expect(defaultLogGroupName('my bot #2')).toBe('/metrics/my_bot_#2');
    expect(defaultLogGroupName('n'.repeat(600))).toHaveLength(512);
  });

  it('repair what a group or a stream name cannot hold', () => {
    expect(toLogGroupName('a:b c*d/é')).toBe('a_b_c_d/_');
    expect(toLogStreamName('a:b c*d/é')).toBe('a_b c_d/é');
    for (const raw of ['x:y', ' ', 'ünïcödé', '{TaskId}', '']) {
      expect(toLogGroupName(raw)).toMatch(group);
      expect(toLogStreamName(raw)).toMatch(stream);
    }
  });

  it('repair the values placeholders bring in, not the template', () => {
    const resource = { [ATTR_SERVICE_NAME]: 'unknown_service:node', [ATTR_AWS_ECS_TASK_ID]: 'a*b' };
    expect(expandPlaceholders('/genai/{ServiceName}', resource, toLogGroupName)).toBe(
      '/genai/unknown_service_node',
    );
    expect(expandPlaceholders('{ServiceName}/{TaskId}', resource, toLogStreamName)).toBe(
      'unknown_service_node/a_b',
    );
    expect(expandPlaceholders('{ClusterName}', {}, toLogStreamName)).toBe('undefined');
  });

  it.each([
    ['group', '/genai/{ServiceName}/{TaskId}', undefined],
    ['group', '/genai/my app', 'contains " ", not allowed in a CloudWatch Logs log group name'],
    ['group', 'a:b:c', 'contains ":", not allowed in a CloudWatch Logs log group name'],
    ['group', '/genai/{Service}', 'has an unknown placeholder {Service} (known: {ClusterName}'],
    ['group', 'aws/lambda/x', 'must not start with "aws/"'],
    ['stream', '{TaskId}', undefined],
    ['stream', 'host 1/{NodeName}', undefined],
    ['stream', 'host:1', 'contains ":", not allowed in a CloudWatch Logs log stream name'],
    ['stream', 'a*', 'contains "*"'],
  ] as const)('a configured %s name %j', (kind, name, problem) => {
    const found = logNameProblem(kind, name, LOG_NAME_PLACEHOLDERS);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
