/**
 * The built-in exporters' logs sinks behind a real logs pipeline: `otlp_http` (protobuf and JSON,
 * gzip) to a local OTLP receiver, `file` (OTLP/JSON lines) and `debug` (stderr lines), each fed the
 * app's records through the global logs API and read back field by field.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonlLogs, startOtlpReceiver } from '@genai-otel/test-utils';
import { context, logs, SeverityNumber, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type GenAIOtel, startFromConfig } from '../src/start.js';
import { captureLogger, config } from './helpers.js';
import { deadPort } from './tcp-servers.js';

type Receiver = Awaited<ReturnType<typeof startOtlpReceiver>>;

/** One record inside a span and one outside; returns the span's ids. */
function emitRecords(otel: GenAIOtel): { traceId: string; spanId: string } {
  const span = otel.tracerProvider.getTracer('app').startSpan('handle');
  context.with(trace.setSpan(context.active(), span), () =>
    logs.getLogger('app.orders', '3.0.0').emit({
      timestamp: [1767225600, 5000],
      severityNumber: SeverityNumber.ERROR,
      severityText: 'error',
      body: 'payment declined',
      attributes: { 'order.id': 'o-9', amount: 12.5 },
    }),
  );
  span.end();
  logs
    .getLogger('app.orders', '3.0.0')
    .emit({ body: 'retrying', severityNumber: SeverityNumber.INFO });
  return span.spanContext();
}

const pipeline = (exporter: string, exporters: string) => `
receivers: { genai: { instrumentations: [] } }
processors: { batch: { timeout: 50ms } }
exporters:
${exporters}
service:
  pipelines:
    logs: { receivers: [genai], processors: [batch], exporters: [${exporter}] }
`;

describe('logs sinks of the built-in exporters', () => {
  let receiver: Receiver;
  let dir: string;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    dir = await mkdtemp(join(tmpdir(), 'genai-otel-logs-exporters-'));
  });
  afterAll(async () => {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['proto', 'none', 'application/x-protobuf', undefined],
    ['json', 'gzip', 'application/json', 'gzip'],
  ] as const)(
    'otlp_http sends %s (compression %s) to /v1/logs',
    async (encoding, compression, type, enc) => {
      receiver.reset();
      const log = captureLogger();
      const otel = startFromConfig(
        config(
          pipeline(
            'otlp_http',
            `  otlp_http: { endpoint: ${receiver.url}, encoding: ${encoding}, compression: ${compression} }`,
          ),
        ),
        { env: { OTEL_SERVICE_NAME: 'orders' }, logger: log.logger },
      );
      const ids = emitRecords(otel);
      await otel.forceFlush();
      const records = await receiver.waitForLogs(2);
      await otel.shutdown();
      expect(receiver.requests.map((r) => [r.path, r.contentType, r.contentEncoding])).toEqual([
        ['/v1/logs', type, enc],
      ]);
      expect(records[0]).toMatchObject({
        traceId: ids.traceId,
        spanId: ids.spanId,
        timeUnixNano: '1767225600000005000',
        severityNumber: SeverityNumber.ERROR,
        severityText: 'error',
        body: 'payment declined',
        attributes: { 'order.id': 'o-9', amount: 12.5 },
        scope: { name: 'app.orders', version: '3.0.0' },
      });
      expect(records[0]!.resource['service.name']).toBe('orders');
      expect(records[1]).toMatchObject({ traceId: '', body: 'retrying' });
      expect(log.lines).toEqual([]);
    },
  );

  it('otlp_http to a dead endpoint: one line at shutdown for what it dropped, within the bound', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const log = captureLogger();
    const otel = startFromConfig(
      config(pipeline('otlp_http', `  otlp_http: { endpoint: "${url}" }`)),
      { env: {}, logger: log.logger },
    );
    emitRecords(otel);
    await otel.shutdown(1000);
    expect(log.lines).toEqual([
      `genai-otel: exporter otlp_http could not reach ${url}/v1/logs (ECONNREFUSED); dropped 2 log records`,
    ]);
  });

  it('file writes one ExportLogsServiceRequest per line', async () => {
    const out = join(dir, 'logs.jsonl');
    const otel = startFromConfig(
      config(pipeline('file', `  file: { path: ${JSON.stringify(out)} }`)),
      {
        env: { OTEL_SERVICE_NAME: 'orders' },
        logger: captureLogger().logger,
      },
    );
    const ids = emitRecords(otel);
    await otel.shutdown();
    const records = await readJsonlLogs(out);
    expect(records.map((r) => [r.body, r.traceId, r.spanId, r.severityNumber])).toEqual([
      ['payment declined', ids.traceId, ids.spanId, SeverityNumber.ERROR],
      ['retrying', '', '', SeverityNumber.INFO],
    ]);
    expect(records[0]!.attributes).toEqual({ 'order.id': 'o-9', amount: 12.5 });
  });

  it('debug prints one line per record at normal verbosity', async () => {
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const otel = startFromConfig(config(pipeline('debug', '  debug: { verbosity: normal }')), {
        env: { OTEL_SERVICE_NAME: 'orders' },
        logger: captureLogger().logger,
      });
      const ids = emitRecords(otel);
      await otel.shutdown();
      const lines = writes.join('').split('\n');
      expect(lines.slice(0, 2)).toEqual([
        'genai-otel debug · 2 log records · service orders',
        `  2026-01-01T00:00:00.000Z  error  ${ids.traceId.slice(0, 8)}/${ids.spanId.slice(0, 8)}  payment declined`,
      ]);
      // Emitted now: its time is the clock's; no severity text, so the number's name.
      expect(lines[2]).toMatch(
        /^ {2}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}INFO {3}- {2}retrying$/,
      );
      expect(lines.slice(3)).toEqual(['']);
    } finally {
      spy.mockRestore();
    }
  });
});
