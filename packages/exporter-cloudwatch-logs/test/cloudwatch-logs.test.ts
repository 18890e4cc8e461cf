/**
 * The awscloudwatchlogs exporter with the real AWS SDK v3 client against the local CloudWatch
 * Logs server (JSON 1.1 wire protocol, the service's limits): creation with retention, routing
 * to several groups, batching limits, throttling, rejected events, refusals.
 */
import {
  captureLog,
  type FakeCloudWatchLogs,
  startFakeCloudWatchLogs,
} from '@genai-otel/test-utils';
import { ExportResultCode } from '@opentelemetry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsCloudWatchLogsExporterConfig, createDefaultConfig } from '../src/config.js';
import { createAwsCloudWatchLogsExporter } from '../src/factory.js';
import { exportOnce } from './support/export.js';
import { conversationRecords, logRecord } from './support/records.js';

const ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEKEYID0000042',
  AWS_SECRET_ACCESS_KEY: 'fake/Secret+Access+Key+0123456789abcdefGHIJ',
  AWS_REGION: 'us-east-1',
};
const STREAM = 'agents';
const REVOPS = {
  conversation: '/revops/conversation-trace',
  agent_collaboration: '/revops/agent-collaboration',
  data_operation: '/revops/data-operations',
  decision: '/revops/decision-logic',
  error: '/revops/error-analysis',
};

let server: FakeCloudWatchLogs;
beforeEach(async () => {
  server = await startFakeCloudWatchLogs();
});
afterEach(async () => {
  await server.close();
});

function exporter(
  config: Partial<AwsCloudWatchLogsExporterConfig> = {},
  shutdownTimeoutMs?: number,
) {
  const log = captureLog();
  const e = createAwsCloudWatchLogsExporter(
    {
      ...createDefaultConfig(),
      log_group_name: '/revops/other',
      log_stream_name: STREAM,
      endpoint: server.url,
      retry_on_failure: {
        enabled: true,
        initial_interval: 20,
        max_interval: 100,
        max_elapsed_time: '20s',
      },
      ...config,
    },
    {
      log,
      env: ENV,
      id: 'awscloudwatchlogs/revops',
      ...(shutdownTimeoutMs !== undefined ? { shutdownTimeoutMs } : {}),
    },
  );
  return { exporter: e, log };
}

const parsed = (group: string) => server.events(group, STREAM).map((e) => JSON.parse(e.message));

describe('awscloudwatchlogs → CloudWatch Logs', () => {
  it('routes one conversation to the five RevOps groups, each created with retention and tags', async () => {
    const { exporter: e, log } = exporter({
      raw_log: true,
      log_retention: 7,
      tags: { team: 'revops' },
      log_group_routing: { attribute: 'category', log_groups: REVOPS },
    });
    const records = conversationRecords('conv-7');
    expect(await exportOnce(e, records)).toEqual({ code: ExportResultCode.SUCCESS });
    await e.forceFlush();

    for (const group of Object.values(REVOPS)) {
      expect(server.groups.get(group)).toMatchObject({
        retentionInDays: 7,
        tags: { team: 'revops' },
      });
    }
    expect(server.groups.has('/revops/other')).toBe(false);
    // Flat JSON (raw_log): the fields as written, one correlation id across the groups.
    expect(parsed(REVOPS.conversation).map((m) => [m.event, m.outcome])).toEqual([
      ['llm_call', 'success'],
      ['llm_call', 'success'],
      ['llm_call', 'error'],
      ['workflow', 'success'],
    ]);
    expect(parsed(REVOPS.agent_collaboration).map((m) => m.event)).toEqual([
      'agent_run',
      'handoff',
    ]);
    expect(parsed(REVOPS.agent_collaboration)[1]).toMatchObject({
      handoff_source: 'lead-scorer',
      handoff_target: 'deal-desk',
    });
    expect(parsed(REVOPS.data_operation).map((m) => [m.tool ?? m.data_source, m.outcome])).toEqual([
      ['crm_read', 'success'],
      ['crm_write', 'error'],
      ['playbooks', 'success'],
    ]);
    expect(parsed(REVOPS.decision).map((m) => m.tool)).toEqual(['discount']);
    expect(parsed(REVOPS.error)).toMatchObject([
      {
        event: 'error',
        failed_event: 'tool_call',
        tool: 'crm_write',
        error_type: 'AccessDenied',
        error_message: 'no write access to the account',
      },
      {
        event: 'error',
        failed_event: 'llm_call',
        agent: 'deal-desk',
        error_type: 'RateLimitError',
        error_message: 'rate limited',
      },
    ]);
    const all = Object.values(REVOPS).flatMap(parsed);
    expect(all).toHaveLength(records.length);
    expect(new Set(all.map((m) => m.correlation_id))).toEqual(new Set(['conv-7']));
    for (const m of all) expect(m.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(log.lines.filter((l) => l.startsWith('info: created log group'))).toHaveLength(5);
    await e.shutdown();
    expect(log.lines.filter((l) => l.startsWith('warn'))).toEqual([]);
  });

  it("without raw_log: the collector's JSON (body, severity, trace and span ids, attributes, resource)", async () => {
    const { exporter: e } = exporter();
    const [record] = conversationRecords('conv-1');
    await exportOnce(e, [record!]);
    await e.forceFlush();
    const [m] = parsed('/revops/other');
    expect(m).toEqual({
      severity_number: 9,
      severity_text: 'INFO',
      flags: 1,
      trace_id: record!.spanContext!.traceId,
      span_id: record!.spanContext!.spanId,
      attributes: record!.attributes,
      resource: { 'service.name': 'revops-agents' },
    });
    await e.shutdown();
  });

  it('keeps batches within 10,000 events, 1 MiB and 24 hours, in chronological order', async () => {
    const { exporter: e, log } = exporter({ raw_log: true });
    const now = Date.now();
    // 10,001 small records, given newest first.
    const many = Array.from({ length: 10_001 }, (_, i) => logRecord(now - i, `line ${i}`));
    // 6 records of 200 KB: 5 fit in 1 MiB (26 bytes each counted), the 6th does not.
    const big = Array.from({ length: 6 }, (_, i) =>
      logRecord(now + i, `${i}`.padEnd(200_000, 'x')),
    );
    // 25 hours apart: never one batch.
    const apart = [logRecord(now - 25 * 3_600_000, 'yesterday'), logRecord(now, 'today')];
    // Over 256 KiB: never sendable.
    const huge = [logRecord(now, 'h'.repeat(300_000))];
    for (const batch of [many, big, apart, huge]) await exportOnce(e, batch);
    await e.forceFlush();

    const puts = server.calls.filter((c) => c.operation === 'PutLogEvents' && c.status === 200);
    const sizes = puts.map((c) => (c.body.logEvents as unknown[]).length);
    expect(sizes).toEqual([10_000, 1, 5, 1, 1, 1]);
    for (const c of puts) {
      const ts = (c.body.logEvents as { timestamp: number }[]).map((x) => x.timestamp);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
    }
    const stored = server.events('/revops/other', STREAM);
    expect(stored).toHaveLength(10_001 + 6 + 2);
    expect(stored[0]!.message).toBe('line 10000');
    await e.shutdown();
    expect(log.lines).toContain('warn: dropped 1 log records larger than 256 KiB');
  });

  it('retries throttling with backoff, then delivers', async () => {
    server.failNext(
      'PutLogEvents',
      { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' },
      2,
    );
    const { exporter: e, log } = exporter({ raw_log: true });
    await exportOnce(e, [logRecord(Date.now(), 'once')]);
    await e.forceFlush();
    const puts = server.calls.filter((c) => c.operation === 'PutLogEvents');
    expect(puts.map((c) => c.status)).toEqual([400, 400, 400, 200]);
    // The first throttled, the second answered ResourceNotFound (created), then delivered.
    expect(server.events('/revops/other', STREAM).map((x) => x.message)).toEqual(['once']);
    // Backoff: the attempts are spread, not back to back (at least half the 20 ms step each).
    expect(puts[1]!.at - puts[0]!.at).toBeGreaterThanOrEqual(9);
    expect(log.lines.some((l) => l.includes('ThrottlingException'))).toBe(true);
    expect(log.lines.some((l) => l.includes('is reachable again'))).toBe(true);
    await e.shutdown();
  });

  it('reports events CloudWatch Logs rejects, once, and their total at shutdown', async () => {
    const { exporter: e, log } = exporter({ raw_log: true });
    const now = Date.now();
    const old = now - 15 * 86_400_000;
    await exportOnce(e, [
      logRecord(old, 'old 1'),
      logRecord(old + 1, 'old 2'),
      logRecord(now, 'fresh'),
    ]);
    await exportOnce(e, [logRecord(now + 3 * 3_600_000, 'future')]);
    await e.forceFlush();
    expect(server.events('/revops/other', STREAM).map((x) => x.message)).toEqual(['fresh']);
    expect(e.rejected).toEqual({ tooOld: 2, expired: 0, tooNew: 1 });
    await e.shutdown();
    expect(log.lines.filter((l) => l.includes('rejected'))).toEqual([
      'warn: CloudWatch Logs rejected 2 log events for /revops/other as too old (more than 14 days, or before the retention period) (further rejections are counted; the total is reported at shutdown)',
      'warn: CloudWatch Logs rejected 1 log events for /revops/other as too new (more than 2 hours in the future: check the clock) (further rejections are counted; the total is reported at shutdown)',
      'warn: CloudWatch Logs rejected 3 log events in total (too old 2, expired 0, too new 1)',
    ]);
  });

  it('never retries a refusal (InvalidParameterException): one line, the records counted', async () => {
    server.failNext(
      'PutLogEvents',
      { status: 400, type: 'InvalidParameterException', message: 'bad' },
      1,
    );
    const { exporter: e, log } = exporter({ raw_log: true });
    await exportOnce(e, [logRecord(Date.now(), 'a'), logRecord(Date.now(), 'b')]);
    await e.forceFlush();
    expect(server.calls.map((c) => c.operation)).toEqual(['PutLogEvents']);
    await e.shutdown();
    const warns = log.lines.filter((l) => l.startsWith('warn'));
    expect(warns[0]).toContain('was refused by');
    expect(warns[0]).toContain('InvalidParameterException');
    expect(warns.at(-1)).toBe('warn: exporter awscloudwatchlogs/revops dropped 2 log records');
    expect(log.lines.join('\n')).not.toContain(ENV.AWS_SECRET_ACCESS_KEY);
  });

  it('holds at most queue_size records while CloudWatch Logs does not answer', async () => {
    server.hang();
    const { exporter: e, log } = exporter(
      {
        raw_log: true,
        sending_queue: { queue_size: 100 },
        timeout: '20s',
      },
      500,
    );
    // The first batch of 60 is being sent (hung); the second waits; a third would make 120 > 100
    // waiting: it and the rest are refused, counted.
    for (let i = 0; i < 5; i++)
      await exportOnce(
        e,
        Array.from({ length: 60 }, (_, j) => logRecord(Date.now(), `${i}-${j}`)),
      );
    expect(e.waiting).toBeLessThanOrEqual(100);
    expect(log.lines.some((l) => l.includes('its queue of 100 log records is full'))).toBe(true);
    await e.shutdown();
    // Everything accounted for: 60 hung and 60 waiting (unsent), 180 refused by the queue.
    expect(log.lines.at(-1)).toBe(
      'warn: exporter awscloudwatchlogs/revops dropped 300 log records (180 because its queue was full, 120 still unsent at shutdown)',
    );
  });
});
