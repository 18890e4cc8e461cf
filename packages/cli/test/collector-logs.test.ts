/**
 * Logs end to end through `genai-otel collector` as a real child process: the official OTLP/HTTP
 * log exporter sends two records to its `otlp` receiver; a logs pipeline (batch → file, and
 * awscloudwatchlogs to the local CloudWatch Logs server) writes them as OTLP/JSON lines and as
 * PutLogEvents, flushed on SIGTERM; every field is read back.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, readJsonlLogs, startFakeCloudWatchLogs } from '@genai-otel/test-utils';
import { ROOT_CONTEXT, SeverityNumber, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/genai-otel.js', import.meta.url));
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
/** A minute ago, in seconds: CloudWatch Logs refuses events older than 14 days. */
const T0 = Math.floor(Date.now() / 1000) - 60;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genai-otel-cli-logs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('genai-otel collector: logs', () => {
  it('receives OTLP logs, exports them to a file and CloudWatch Logs, flushes on SIGTERM', async () => {
    const port = await freePort();
    const cwl = await startFakeCloudWatchLogs();
    const out = join(dir, 'logs.jsonl');
    const config = join(dir, 'logs.yaml');
    await writeFile(
      config,
      `receivers:
  otlp: { protocols: { http: { endpoint: "127.0.0.1:${port}" } } }
processors:
  batch: { timeout: 30s }          # nothing leaves before the shutdown flush
exporters:
  file: { path: ${JSON.stringify(out)} }
  awscloudwatchlogs:
    endpoint: ${cwl.url}
    region: us-east-1
    log_group_name: /support-bot/app
    log_stream_name: collector
service:
  pipelines:
    logs: { receivers: [otlp], processors: [batch], exporters: [file, awscloudwatchlogs] }
`,
    );
    const child = spawn(process.execPath, [BIN, 'collector', '--config', config], {
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: 'cli-logs-collector',
        AWS_ACCESS_KEY_ID: 'AKIAFAKEKEYID0000042',
        AWS_SECRET_ACCESS_KEY: 'fake+secret',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    const listening = new Promise<void>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (c: string) => {
        stderr += c;
        if (stderr.includes('listening: OTLP/HTTP')) resolve();
      });
    });
    const exited = new Promise<{ code: number | null }>((resolve) =>
      child.once('close', (code) => {
        clearTimeout(kill);
        resolve({ code });
      }),
    );
    await Promise.race([listening, exited]);

    // A Python-like service's records, sent by the official exporter.
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'support-bot' }),
      processors: [
        new SimpleLogRecordProcessor({
          exporter: new OTLPLogExporter({ url: `http://127.0.0.1:${port}/v1/logs` }),
        }),
      ],
    });
    const logger = provider.getLogger('support.handoff', '1.4.0');
    logger.emit({
      timestamp: [T0, 250000000],
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARNING',
      body: 'handoff to a human agent',
      eventName: 'agent.handoff',
      attributes: { 'session.id': 'conv-7', 'handoff.reason': 'low_confidence', confidence: 0.42 },
      context: trace.setSpanContext(ROOT_CONTEXT, {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        traceFlags: 1,
      }),
    });
    logger.emit({ timestamp: [T0 + 1, 0], severityNumber: SeverityNumber.INFO, body: 'done' });
    await provider.forceFlush();
    await provider.shutdown();

    child.kill('SIGTERM');
    const { code } = await exited;
    expect(stdout).toContain(
      'genai-otel collector: running 1 pipeline: logs [otlp → batch → file, awscloudwatchlogs]',
    );
    expect(code).toBe(0);
    const records = await readJsonlLogs(out);
    expect(records).toEqual([
      {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        timeUnixNano: `${T0}250000000`,
        observedTimeUnixNano: expect.stringMatching(/^\d{19}$/),
        severityNumber: SeverityNumber.WARN,
        severityText: 'WARNING',
        body: 'handoff to a human agent',
        eventName: 'agent.handoff',
        attributes: {
          'session.id': 'conv-7',
          'handoff.reason': 'low_confidence',
          confidence: 0.42,
        },
        resource: expect.objectContaining({ 'service.name': 'support-bot' }),
        scope: { name: 'support.handoff', version: '1.4.0', attributes: {} },
      },
      expect.objectContaining({
        traceId: '',
        timeUnixNano: `${T0 + 1}000000000`,
        severityNumber: SeverityNumber.INFO,
        body: 'done',
        resource: expect.objectContaining({ 'service.name': 'support-bot' }),
      }),
    ]);
    // The same two records in CloudWatch Logs, as the collector's JSON, in order.
    const events = cwl.events('/support-bot/app', 'collector');
    await cwl.close();
    expect(events.map((e) => e.timestamp)).toEqual([T0 * 1000 + 250, (T0 + 1) * 1000]);
    expect(JSON.parse(events[0]!.message)).toMatchObject({
      body: 'handoff to a human agent',
      severity_number: SeverityNumber.WARN,
      severity_text: 'WARNING',
      trace_id: TRACE_ID,
      span_id: SPAN_ID,
      attributes: { 'session.id': 'conv-7', 'handoff.reason': 'low_confidence', confidence: 0.42 },
      resource: { 'service.name': 'support-bot' },
    });
    expect(JSON.parse(events[1]!.message)).toMatchObject({ body: 'done', severity_number: 9 });
  }, 30_000);
});
