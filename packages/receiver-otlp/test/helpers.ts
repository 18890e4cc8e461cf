export { freePort } from '@genai-otel/test-utils';

import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ComponentLogger, CreateContext } from '@genai-otel/component';
import { metrics, trace } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { Span } from '@opentelemetry/sdk-trace';
import generatedRoot from 'otlp-transformer-protos/build/src/generated/root.js';
import { createDefaultConfig, type OtlpReceiverConfig } from '../src/config.js';
import { OtlpReceiver } from '../src/receiver.js';

interface Codec {
  fromObject(o: object): object;
  encode(m: object): { finish(): Uint8Array };
  decode(b: Uint8Array): object;
  toObject(m: object, o?: object): Record<string, unknown>;
}
const collector = (
  generatedRoot as unknown as {
    opentelemetry: { proto: { collector: { trace: { v1: Record<string, Codec> } } } };
  }
).opentelemetry.proto.collector.trace.v1;

/** An ExportTraceServiceRequest in OTLP/JSON form, encoded by the official generated code. */
export function encodeTraces(json: object): Uint8Array {
  const T = collector.ExportTraceServiceRequest!;
  return T.encode(T.fromObject(hexToBytes(json) as object)).finish();
}

export function decodeTraceResponse(bytes: Uint8Array): Record<string, unknown> {
  const T = collector.ExportTraceServiceResponse!;
  return T.toObject(T.decode(bytes), { longs: String });
}

function hexToBytes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(hexToBytes);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v))
    out[k] =
      (k === 'traceId' || k === 'spanId' || k === 'parentSpanId') && typeof x === 'string'
        ? Buffer.from(x, 'hex')
        : hexToBytes(x);
  return out;
}

/** One OTLP/JSON request with `spans` (each `{ traceId, spanId, name, … }`) under one resource. */
export function traceRequest(spans: object[], serviceName = 'py-svc'): object {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] },
        scopeSpans: [{ scope: { name: 'test.scope', version: '1.0' }, spans }],
      },
    ],
  };
}

export function spanJson(i: number, extra: object = {}): object {
  return {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: (0x1000 + i).toString(16).padStart(16, '0'),
    name: `span ${i}`,
    kind: 3,
    startTimeUnixNano: '1700000000123456789',
    endTimeUnixNano: '1700000001987654321',
    ...extra,
  };
}

export interface CapturedLog {
  log: ComponentLogger;
  lines: string[];
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const said = new Set<string>();
  return {
    lines,
    log: {
      info: (m) => lines.push(`info: ${m}`),
      warn: (m) => lines.push(`warn: ${m}`),
      error: (m) => lines.push(`error: ${m}`),
      once: (key, level, m) => {
        if (said.has(key)) return;
        said.add(key);
        lines.push(`${level}: ${m}`);
      },
    },
  };
}

export interface Running {
  receiver: OtlpReceiver;
  spans: Span[];
  /** What the logs consumer was handed. */
  records: ReadableLogRecord[];
  lines: string[];
  url: string;
  grpc: string;
}

/**
 * A started receiver whose traces and logs consumers collect what they are handed. `full`, when
 * given, answers the consumers' `admits` (an exporter id while its queue is "full").
 */
export async function startReceiver(
  config: Partial<OtlpReceiverConfig> & Pick<OtlpReceiverConfig, 'protocols'>,
  full?: (count: number) => string | undefined,
): Promise<Running> {
  const { log, lines } = captureLog();
  const ctx: CreateContext = { id: 'otlp', log, env: {} };
  const receiver = new OtlpReceiver({ ...createDefaultConfig(), ...config }, ctx);
  const spans: Span[] = [];
  const records: ReadableLogRecord[] = [];
  await receiver.start({
    tracerProvider: trace.getTracerProvider(),
    meterProvider: metrics.getMeterProvider(),
    traces: { consume: (received) => spans.push(...received), ...(full && { admits: full }) },
    logs: { consume: (received) => records.push(...received), ...(full && { admits: full }) },
  });
  return {
    receiver,
    spans,
    records,
    lines,
    url: `http://${receiver.httpAddress}`,
    grpc: receiver.grpcAddress ?? '',
  };
}

/** A self-signed certificate for 127.0.0.1 made by openssl. */
export function selfSignedCert(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'otlp-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}
