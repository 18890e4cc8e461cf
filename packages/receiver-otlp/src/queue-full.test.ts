import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  encodeTraces,
  freePort,
  type Running,
  spanJson,
  startReceiver,
  traceRequest,
} from '../test/helpers.js';
import { rawExport } from '../test/raw-grpc.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.receiver.shutdown();
  running = undefined;
});

/** A pipeline whose `langsmith` queue is full while `full.now` is true; what it was asked. */
function pipeline() {
  const asked: number[] = [];
  const state = { now: true };
  const admits = (count: number) => {
    asked.push(count);
    return state.now ? 'langsmith' : undefined;
  };
  return { asked, state, admits };
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const logsRequest = {
  resourceLogs: [
    {
      scopeLogs: [
        {
          logRecords: [
            { timeUnixNano: '1700000000000000000', body: { stringValue: 'a' } },
            { timeUnixNano: '1700000000000000001', body: { stringValue: 'b' } },
          ],
        },
      ],
    },
  ],
};

describe('otlp receiver when an export queue behind it is full', () => {
  it('answers 503 with Retry-After over HTTP, takes nothing of the request, then takes the retry', async () => {
    const p = pipeline();
    const port = await freePort();
    running = await startReceiver(
      {
        protocols: { http: { endpoint: `127.0.0.1:${port}` } as never },
        admission: { request_limit_mib: 128, retry_after_seconds: 4 },
      },
      p.admits,
    );
    const r = running;
    const spans = JSON.stringify(traceRequest([spanJson(1), spanJson(2), spanJson(3)]));
    const refused = await fetch(`${r.url}/v1/traces`, {
      method: 'POST',
      body: spans,
      headers: JSON_HEADERS,
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('4');
    expect(await refused.json()).toMatchObject({
      code: 14, // UNAVAILABLE: retryable, per the OTLP specification
      message: 'the export queue of langsmith cannot take 3 more spans now, retry later',
    });
    const refusedLogs = await fetch(`${r.url}/v1/logs`, {
      method: 'POST',
      body: JSON.stringify(logsRequest),
      headers: JSON_HEADERS,
    });
    expect(refusedLogs.status).toBe(503);
    expect(((await refusedLogs.json()) as { message: string }).message).toBe(
      'the export queue of langsmith cannot take 2 more log records now, retry later',
    );
    expect(r.spans).toHaveLength(0);
    expect(r.records).toHaveLength(0);
    // Asked with the count of the decoded request: 3 spans, then 2 log records.
    expect(p.asked).toEqual([3, 2]);

    p.state.now = false;
    const taken = await fetch(`${r.url}/v1/traces`, {
      method: 'POST',
      body: spans,
      headers: JSON_HEADERS,
    });
    expect(taken.status).toBe(200);
    expect(r.spans.map((s) => s.name)).toEqual(['span 1', 'span 2', 'span 3']);
    expect(r.lines.filter((l) => l.startsWith('warn'))).toEqual([
      'warn: the export queue of langsmith is full: requests are refused with "retry after 4s" until it drains, nothing of them taken (said once; counted at shutdown)',
    ]);
  });

  it('answers UNAVAILABLE with a RetryInfo over gRPC', async () => {
    const p = pipeline();
    const port = await freePort();
    running = await startReceiver(
      {
        protocols: { grpc: { endpoint: `127.0.0.1:${port}` } as never },
        admission: { request_limit_mib: 128, retry_after_seconds: 2 },
      },
      p.admits,
    );
    const r = running;
    const body = encodeTraces(traceRequest([spanJson(1)]));
    const { error } = await rawExport(r.grpc, body);
    expect(error?.code).toBe(status.UNAVAILABLE);
    expect(error?.details).toBe(
      'the export queue of langsmith cannot take 1 more spans now, retry later',
    );
    const details = error!.metadata.get('grpc-status-details-bin')[0] as Buffer;
    expect(details.includes(Buffer.from('type.googleapis.com/google.rpc.RetryInfo'))).toBe(true);
    expect(r.spans).toHaveLength(0);
    p.state.now = false;
    expect((await rawExport(r.grpc, body)).error).toBeUndefined();
    expect(r.spans).toHaveLength(1);
  });

  it('counts the refused requests in its shutdown line', async () => {
    const p = pipeline();
    const port = await freePort();
    const r = await startReceiver(
      { protocols: { http: { endpoint: `127.0.0.1:${port}` } as never } },
      p.admits,
    );
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${r.url}/v1/traces`, {
        method: 'POST',
        body: JSON.stringify(traceRequest([spanJson(i)])),
        headers: JSON_HEADERS,
      });
      expect(res.status).toBe(503);
    }
    await r.receiver.shutdown();
    expect(r.lines.at(-1)).toContain('refused 3 request(s) while an export queue was full');
  });
});
