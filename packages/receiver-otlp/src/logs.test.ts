/**
 * OTLP logs in, over HTTP (protobuf, JSON, gzip) and gRPC, from the official OpenTelemetry log
 * exporters: each record handed to the logs pipelines with its resource, scope, ids and values;
 * the specification's answers for what cannot be taken.
 */
import { ROOT_CONTEXT, SeverityNumber, trace } from '@opentelemetry/api';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as HttpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as HttpProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  LoggerProvider,
  type LogRecordExporter,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, type Running, startReceiver } from '../test/helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.receiver.shutdown();
  running = undefined;
});

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = '0000000000001001';

/** Emits two records (one in a span, one not) through `exporter`, then flushes. */
async function emitThrough(exporter: LogRecordExporter): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({
      'service.name': 'py-svc',
      'deployment.environment': 'test',
    }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('support-bot', '2.1.0');
  logger.emit({
    timestamp: [1700000000, 123456789],
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: { message: 'handoff failed', attempts: 3 },
    eventName: 'agent.handoff',
    attributes: { 'session.id': 's-1', 'gen_ai.usage.input_tokens': 120, retry: true },
    // The span the record belongs to, as a context would give it.
    context: spanContext(),
  });
  logger.emit({ body: 'plain line', severityNumber: SeverityNumber.INFO });
  await provider.forceFlush();
  await provider.shutdown();
}

function spanContext() {
  // A context carrying a span context: the trace API's own helper, without a tracer.
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 });
}

function expectRecords(r: Running): void {
  expect(r.records).toHaveLength(2);
  // The exporter sends each record on its own request: they may arrive in either order.
  const first = r.records.find((rec) => rec.eventName === 'agent.handoff');
  const second = r.records.find((rec) => rec !== first);
  expect(first).toMatchObject({
    hrTime: [1700000000, 123456789],
    spanContext: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 },
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: { message: 'handoff failed', attempts: 3 },
    eventName: 'agent.handoff',
    attributes: { 'session.id': 's-1', 'gen_ai.usage.input_tokens': 120, retry: true },
    instrumentationScope: { name: 'support-bot', version: '2.1.0' },
  });
  expect(first!.resource.attributes).toMatchObject({
    'service.name': 'py-svc',
    'deployment.environment': 'test',
  });
  expect(second!.body).toBe('plain line');
  expect(second!.spanContext).toBeUndefined();
}

async function http(): Promise<Running> {
  const port = await freePort();
  running = await startReceiver({
    protocols: { http: { endpoint: `127.0.0.1:${port}` } as never },
  });
  return running;
}

describe('otlp receiver: logs', () => {
  it('OTLP/HTTP protobuf, gzip, from the official exporter', async () => {
    const r = await http();
    await emitThrough(
      new HttpProtoLogExporter({ url: `${r.url}/v1/logs`, compression: 'gzip' as never }),
    );
    expectRecords(r);
  });

  it('OTLP/HTTP JSON, from the official exporter', async () => {
    const r = await http();
    await emitThrough(new HttpJsonLogExporter({ url: `${r.url}/v1/logs` }));
    expectRecords(r);
  });

  it('OTLP/gRPC LogsService, from the official exporter', async () => {
    const port = await freePort();
    running = await startReceiver({
      protocols: { grpc: { endpoint: `127.0.0.1:${port}` } as never },
    });
    await emitThrough(new GrpcLogExporter({ url: `http://${running.grpc}` }));
    expectRecords(running);
  });

  it('partial success for a record with a bad id, 400 for a malformed body, 415 for text', async () => {
    const r = await http();
    const record = (spanId: string) => ({
      timeUnixNano: '1700000000000000000',
      body: { stringValue: `span ${spanId}` },
      traceId: TRACE_ID,
      spanId,
    });
    const body = {
      resourceLogs: [
        { scopeLogs: [{ scope: { name: 's' }, logRecords: [record(SPAN_ID), record('abc')] }] },
      ],
    };
    const partial = await fetch(`${r.url}/v1/logs`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(partial.status).toBe(200);
    expect(await partial.json()).toEqual({
      partialSuccess: {
        rejectedLogRecords: '1',
        errorMessage: '1 log record(s) refused: invalid span id "abc"',
      },
    });
    expect(r.records.map((x) => x.body)).toEqual([`span ${SPAN_ID}`]);

    const malformed = await fetch(`${r.url}/v1/logs`, {
      method: 'POST',
      body: Buffer.from([0x0a, 0xff, 0xff]),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(malformed.status).toBe(400);
    const text = await fetch(`${r.url}/v1/logs`, {
      method: 'POST',
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    // Nothing of the refused requests reached the pipeline.
    expect(r.records).toHaveLength(1);
  });
});
