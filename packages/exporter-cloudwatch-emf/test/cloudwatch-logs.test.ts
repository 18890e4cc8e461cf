/**
 * The `cloudwatch` destination with the real AWS SDK v3 client, pointed at a local server that
 * speaks the CloudWatch Logs JSON protocol.
 */
import { ATTR_SERVICE_NAME } from '@genai-otel/semantic-conventions';
import {
  captureLog,
  type FakeCloudWatchLogs,
  startFakeCloudWatchLogs,
} from '@genai-otel/test-utils';
import { ExportResultCode } from '@opentelemetry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsEmfExporterConfig, createDefaultConfig } from '../src/config.js';
import { createAwsEmfExporter } from '../src/factory.js';
import { exportOnce } from './support/export.js';
import { gauge, point, resourceMetrics, sum } from './support/metrics.js';

const ACCESS_KEY_ID = 'AKIAFAKEKEYID0000042';
const SECRET = 'fake/Secret+Access+Key+0123456789abcdefGHIJ';
const ENV = {
  AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: SECRET,
  AWS_REGION: 'eu-west-1',
};
const GROUP = '/metrics/checkout-bot';
const STREAM = 'otel-stream';

let server: FakeCloudWatchLogs;
beforeEach(async () => {
  server = await startFakeCloudWatchLogs();
});
afterEach(async () => {
  await server.close();
});

function exporter(config: Partial<AwsEmfExporterConfig> = {}, env: Record<string, string> = ENV) {
  const log = captureLog();
  const e = createAwsEmfExporter(
    {
      ...createDefaultConfig(),
      endpoint: server.url,
      dimension_rollup_option: 'NoDimensionRollup',
      ...config,
    },
    { log, env },
  );
  return { exporter: e, log };
}

/** One collection at `atMs` with `n` series of a counter. */
function collection(atMs: number, n = 1, name = 'requests') {
  const points = Array.from({ length: n }, (_, i) =>
    point(i + 1, { route: `r${i}` }, atMs, atMs - 1000),
  );
  return resourceMetrics([sum(name, '{request}', points)]);
}

function expectNoSecrets(lines: string[]) {
  const text = lines.join('\n');
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(ACCESS_KEY_ID);
}

describe('awsemf → CloudWatch Logs (PutLogEvents)', () => {
  it('creates the missing group (tags, retention) and stream, then delivers EMF with the json/emf header', async () => {
    const { exporter: e, log } = exporter({ log_retention: 30, tags: { team: 'ml' } });
    const now = Date.now();
    expect(await exportOnce(e, collection(now, 2))).toEqual({ code: ExportResultCode.SUCCESS });

    expect(server.calls.map((c) => `${c.operation} ${c.status}`)).toEqual([
      'PutLogEvents 400',
      'CreateLogStream 400',
      'CreateLogGroup 200',
      'PutRetentionPolicy 200',
      'CreateLogStream 200',
      'PutLogEvents 200',
    ]);
    expect(server.groups.get(GROUP)).toMatchObject({ retentionInDays: 30, tags: { team: 'ml' } });
    const stored = server.events(GROUP, STREAM);
    expect(stored.map((s) => JSON.parse(s.message))).toEqual([
      {
        _aws: {
          Timestamp: now,
          CloudWatchMetrics: [
            {
              Namespace: 'checkout-bot',
              Dimensions: [['route']],
              Metrics: [{ Name: 'requests', Unit: 'Count' }],
            },
          ],
        },
        route: 'r0',
        requests: 1,
      },
      expect.objectContaining({ route: 'r1', requests: 2 }),
    ]);
    expect(stored.map((s) => s.timestamp)).toEqual([now, now]);
    const put = server.calls.at(-1)!;
    expect(put.headers['x-amzn-logs-format']).toBe('json/emf');
    expect(put.headers['x-amz-target']).toBe('Logs_20140328.PutLogEvents');
    // Signed with the key from the environment; the secret never travels.
    expect(put.headers.authorization).toContain(`Credential=${ACCESS_KEY_ID}/`);
    expect(put.headers.authorization).toContain('/eu-west-1/logs/aws4_request');
    expect(JSON.stringify(server.calls)).not.toContain(SECRET);

    // The stream exists now: the next export is one call.
    expect(await exportOnce(e, collection(now + 60_000))).toEqual({
      code: ExportResultCode.SUCCESS,
    });
    expect(server.calls.slice(6).map((c) => c.operation)).toEqual(['PutLogEvents']);
    await e.shutdown();
    expect(log.lines).toEqual([`info: created log group ${GROUP} and stream ${STREAM}`]);
  });

  it('creates only the stream when the group exists, and sets no retention by default', async () => {
    const { exporter: e } = exporter({
      log_group_name: '/genai/{ServiceName}',
      log_stream_name: 'lambda-1',
    });
    server.groups.set('/genai/checkout-bot', { streams: new Map() });
    expect((await exportOnce(e, collection(Date.now()))).code).toBe(ExportResultCode.SUCCESS);
    expect(server.calls.map((c) => c.operation)).toEqual([
      'PutLogEvents',
      'CreateLogStream',
      'PutLogEvents',
    ]);
    expect(server.events('/genai/checkout-bot', 'lambda-1')).toHaveLength(1);
    await e.shutdown();
  });

  it('retries throttling and 5xx with growing backoff', async () => {
    const { exporter: e, log } = exporter();
    server.groups.set(GROUP, { streams: new Map([[STREAM, []]]) });
    server.failNext(
      'PutLogEvents',
      { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' },
      2,
    );
    server.failNext('PutLogEvents', { status: 503, type: 'ServiceUnavailableException' });
    expect((await exportOnce(e, collection(Date.now()))).code).toBe(ExportResultCode.SUCCESS);
    const puts = server.calls.filter((c) => c.operation === 'PutLogEvents');
    expect(puts.map((c) => c.status)).toEqual([400, 400, 503, 200]);
    const gaps = puts.slice(1).map((c, i) => c.at - puts[i]!.at);
    // Backoff of attempt n is in [100·2ⁿ, 200·2ⁿ] ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(95);
    expect(gaps[1]).toBeGreaterThanOrEqual(195);
    expect(gaps[2]).toBeGreaterThanOrEqual(395);
    expect(server.events(GROUP, STREAM)).toHaveLength(1);
    await e.shutdown();
    expect(log.lines).toEqual([]);
  });

  it('keeps undelivered events (bounded) for the next export, and counts what it drops', async () => {
    const { exporter: e, log } = exporter({ max_retries: 1, sending_queue: { queue_size: 3 } });
    server.groups.set(GROUP, { streams: new Map([[STREAM, []]]) });
    server.failNext(
      'PutLogEvents',
      { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' },
      4,
    );
    const t = Date.now();
    const first = await exportOnce(e, collection(t, 2));
    expect(first.code).toBe(ExportResultCode.FAILED);
    expect(first.error?.message).toBe(
      `PutLogEvents for ${GROUP} failed: ThrottlingException (HTTP 400): Rate exceeded`,
    );
    expect(server.events(GROUP, STREAM)).toEqual([]);
    // The bound holds whenever events are added: 2 waiting + 2 new → the oldest goes.
    expect((await exportOnce(e, collection(t + 1000, 2))).code).toBe(ExportResultCode.FAILED);
    expect((await exportOnce(e, collection(t + 2000, 1))).code).toBe(ExportResultCode.SUCCESS);
    expect(
      server.events(GROUP, STREAM).map((s) => [s.timestamp, JSON.parse(s.message).route]),
    ).toEqual([
      [t + 1000, 'r0'],
      [t + 1000, 'r1'],
      [t + 2000, 'r0'],
    ]);
    await e.shutdown();
    expect(log.lines).toEqual([
      `warn: dropping EMF events for CloudWatch Logs (eu-west-1) at ${server.url}: more than 3 events waiting (sending_queue.queue_size) (counted; the total is reported at shutdown)`,
      `warn: dropped 2 EMF events in total for CloudWatch Logs (eu-west-1) at ${server.url}`,
    ]);
  });

  it('does not retry what retrying cannot fix, nor send it again', async () => {
    const { exporter: e, log } = exporter();
    server.groups.set(GROUP, { streams: new Map([[STREAM, []]]) });
    server.failNext('PutLogEvents', {
      status: 400,
      type: 'AccessDeniedException',
      message: 'not authorized',
    });
    const t = Date.now();
    const result = await exportOnce(e, collection(t));
    expect(result.error?.message).toBe(
      `PutLogEvents for ${GROUP} failed: AccessDeniedException (HTTP 400): not authorized`,
    );
    expect(server.calls.map((c) => c.operation)).toEqual(['PutLogEvents']);
    expect((await exportOnce(e, collection(t + 1000))).code).toBe(ExportResultCode.SUCCESS);
    expect(server.calls.map((c) => (c.body.logEvents as unknown[]).length)).toEqual([1, 1]);
    await e.shutdown();
    expect(log.lines).toEqual([
      `warn: dropped 1 EMF events in total for CloudWatch Logs (eu-west-1) at ${server.url}`,
    ]);
  });

  it('drops a batch refused with InvalidParameterException, once said, and delivers what follows', async () => {
    const { exporter: e, log } = exporter({ max_retries: 2 });
    server.groups.set(GROUP, { streams: new Map([[STREAM, []]]) });
    const refuse = () =>
      server.failNext('PutLogEvents', {
        status: 400,
        type: 'InvalidParameterException',
        message: 'Log event too large',
      });
    const t = Date.now();
    refuse();
    const refused = await exportOnce(e, collection(t, 2));
    expect(refused.code).toBe(ExportResultCode.FAILED);
    expect(refused.error?.message).toBe(
      `PutLogEvents for ${GROUP} failed: InvalidParameterException (HTTP 400): Log event too large`,
    );
    expect((await exportOnce(e, collection(t + 1000, 1))).code).toBe(ExportResultCode.SUCCESS);
    refuse();
    expect((await exportOnce(e, collection(t + 2000, 3))).code).toBe(ExportResultCode.FAILED);
    expect((await exportOnce(e, collection(t + 3000, 1))).code).toBe(ExportResultCode.SUCCESS);
    // One call per export, no retries, nothing refused ever sent again.
    expect(
      server.calls.map((c) =>
        (c.body.logEvents as { timestamp: number }[]).map((l) => l.timestamp - t),
      ),
    ).toEqual([[0, 0], [1000], [2000, 2000, 2000], [3000]]);
    expect(server.events(GROUP, STREAM).map((s) => s.timestamp - t)).toEqual([1000, 3000]);
    await e.shutdown();
    expect(log.lines).toEqual([
      `warn: dropped 5 EMF events in total for CloudWatch Logs (eu-west-1) at ${server.url}`,
    ]);
  });

  it('drops what goes to a log group the service refuses (a config never validated), instead of resending it forever', async () => {
    const { exporter: e, log } = exporter({ log_group_name: '/genai/bad:group' });
    const t = Date.now();
    const first = await exportOnce(e, collection(t));
    expect(first.error?.message).toBe(
      "PutLogEvents for /genai/bad:group failed: InvalidParameterException (HTTP 400): 1 validation error detected: Value '/genai/bad:group' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    );
    expect((await exportOnce(e, collection(t + 1000))).code).toBe(ExportResultCode.FAILED);
    expect(
      server.calls.map((c) => `${c.operation} ${(c.body.logEvents as unknown[]).length}`),
    ).toEqual(['PutLogEvents 1', 'PutLogEvents 1']);
    await e.shutdown();
    expect(log.lines.at(-1)).toBe(
      `warn: dropped 2 EMF events in total for CloudWatch Logs (eu-west-1) at ${server.url}`,
    );
  });

  it("writes to /metrics/<namespace> with the characters a log group cannot hold repaired, as for OpenTelemetry's default service name", async () => {
    const { exporter: e, log } = exporter();
    const t = Date.now();
    const rm = resourceMetrics([sum('requests', '{request}', [point(1, {}, t, t - 1000)])], {
      [ATTR_SERVICE_NAME]: 'unknown_service:node',
    });
    expect(await exportOnce(e, rm)).toEqual({ code: ExportResultCode.SUCCESS });
    const stored = server.events('/metrics/unknown_service_node', STREAM);
    expect(stored).toHaveLength(1);
    // The namespace may hold ":" (CloudWatch metrics allow it); only the log group is repaired.
    expect(JSON.parse(stored[0]!.message)._aws.CloudWatchMetrics[0].Namespace).toBe(
      'unknown_service:node',
    );
    await e.shutdown();
    expect(log.lines).toEqual([
      'info: created log group /metrics/unknown_service_node and stream otel-stream',
    ]);
  });

  it('repairs the values placeholders bring into group and stream names', async () => {
    const { exporter: e } = exporter({
      log_group_name: '/genai/{ServiceName}',
      log_stream_name: '{ServiceName}/{TaskId}',
    });
    const t = Date.now();
    const rm = resourceMetrics([sum('requests', '{request}', [point(1, {}, t, t - 1000)])], {
      [ATTR_SERVICE_NAME]: 'billing bot:v2*',
    });
    expect((await exportOnce(e, rm)).code).toBe(ExportResultCode.SUCCESS);
    expect(server.events('/genai/billing_bot_v2_', 'billing bot_v2_/undefined')).toHaveLength(1);
    await e.shutdown();
  });

  it('reports events CloudWatch rejects as too old or too new, once, with a total at shutdown', async () => {
    const { exporter: e, log } = exporter();
    server.groups.set(GROUP, { streams: new Map([[STREAM, []]]) });
    const now = Date.now();
    const rm = resourceMetrics([
      gauge('g', '', [
        point(1, { at: 'old' }, now - 15 * 86_400_000),
        point(2, { at: 'now' }, now),
        point(3, { at: 'future' }, now + 3 * 3_600_000),
      ]),
    ]);
    expect((await exportOnce(e, rm)).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportOnce(e, rm)).code).toBe(ExportResultCode.SUCCESS);
    expect(server.events(GROUP, STREAM).map((s) => JSON.parse(s.message).at)).toEqual([
      'now',
      'now',
    ]);
    await e.shutdown();
    expect(log.lines).toEqual([
      `warn: CloudWatch Logs rejected 1 events for ${GROUP} as too old (more than 14 days, or before the retention period) (further rejections are counted; the total is reported at shutdown)`,
      `warn: CloudWatch Logs rejected 1 events for ${GROUP} as too new (more than 2 hours in the future: check the clock) (further rejections are counted; the total is reported at shutdown)`,
      'warn: CloudWatch Logs rejected 4 EMF events in total (too old 2, expired 0, too new 2)',
    ]);
  });

  it('splits a large export into batches within the service limits', async () => {
    const { exporter: e } = exporter();
    server.groups.set(GROUP, { streams: new Map([[STREAM, []]]) });
    const t = Date.now();
    // 12,000 series → 12,000 events of ~200 bytes: more than one batch by size and by count.
    const rm = resourceMetrics([
      sum(
        'requests',
        '{request}',
        Array.from({ length: 12_000 }, (_, i) =>
          point(i, { route: `/api/v1/route/${i}`, tenant: `tenant-${i % 7}` }, t, t - 1000),
        ),
      ),
    ]);
    expect((await exportOnce(e, rm)).code).toBe(ExportResultCode.SUCCESS);
    const puts = server.calls.filter((c) => c.operation === 'PutLogEvents');
    expect(puts.every((c) => c.status === 200)).toBe(true);
    expect(puts.length).toBeGreaterThanOrEqual(3);
    for (const c of puts) {
      const events = c.body.logEvents as { message: string }[];
      expect(events.length).toBeLessThanOrEqual(10_000);
      expect(
        events.reduce((n, ev) => n + Buffer.byteLength(ev.message) + 26, 0),
      ).toBeLessThanOrEqual(1_048_576);
    }
    expect(server.events(GROUP, STREAM)).toHaveLength(12_000);
    await e.shutdown();
  });

  it('finds credentials with the SDK chain when the config env has none, and never logs them', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, ENV);
    try {
      const { exporter: e, log } = exporter({ region: 'us-west-2' }, {});
      const result = await exportOnce(e, collection(Date.now()));
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(server.calls[0]!.headers.authorization).toContain(`Credential=${ACCESS_KEY_ID}/`);
      expect(server.calls[0]!.headers.authorization).toContain('/us-west-2/logs/aws4_request');
      await e.shutdown();
      expectNoSecrets(log.lines);
    } finally {
      for (const k of Object.keys(ENV)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  it('fails an export cleanly when CloudWatch is unreachable, without credentials in the error', async () => {
    const url = server.url;
    await server.close();
    const { exporter: e, log } = exporter({ endpoint: url, max_retries: 1 });
    const result = await exportOnce(e, collection(Date.now()));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(
      new RegExp(`^PutLogEvents for ${GROUP} failed: .*ECONNREFUSED`),
    );
    expectNoSecrets([result.error?.message ?? '', String(result.error?.stack)]);
    await e.shutdown();
    expect(log.lines).toEqual([
      `warn: dropped 1 EMF events in total for CloudWatch Logs (eu-west-1) at ${url}`,
    ]);
    expectNoSecrets(log.lines);
    server = await startFakeCloudWatchLogs();
  });
});
