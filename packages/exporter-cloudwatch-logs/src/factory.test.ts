import { captureLog } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { createDefaultConfig, validate } from './config.js';
import { awsCloudWatchLogsExporterFactory } from './factory.js';

describe('awscloudwatchlogs factory and config', () => {
  it('is a logs exporter whose target is the endpoint', async () => {
    expect(awsCloudWatchLogsExporterFactory).toMatchObject({
      kind: 'exporter',
      type: 'awscloudwatchlogs',
      signals: ['logs'],
    });
    const made = awsCloudWatchLogsExporterFactory.create(
      { ...createDefaultConfig(), log_group_name: '/app' },
      { id: 'awscloudwatchlogs', log: captureLog(), env: { AWS_REGION: 'eu-west-1' } },
    );
    expect(made.target).toBe('https://logs.eu-west-1.amazonaws.com');
    expect(made.logs).toBeDefined();
    await made.logs!.shutdown();
  });

  it('names each bad key', () => {
    const issues = validate({
      ...createDefaultConfig(),
      log_group_name: '',
      log_stream_name: 'a:b',
      endpoint: 'not a url',
      log_group_routing: { attribute: 'category', log_groups: { error: 'aws/errors', ok: '/x' } },
    });
    expect(issues.map((i) => [i.path.join('.'), i.message.slice(0, 24)])).toEqual([
      ['log_group_name', 'is required: the log gro'],
      ['log_stream_name', 'contains ":", not allowe'],
      ['log_group_routing.log_groups.error', 'must not start with "aws'],
      ['endpoint', 'must be a URL like "http'],
    ]);
    expect(
      validate({ ...createDefaultConfig(), log_group_name: '/revops/{x}' })[0]?.message,
    ).toContain('has a placeholder {x}');
  });
});
