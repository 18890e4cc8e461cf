/**
 * The otlp receiver in front of real export queues: while an exporter is slower than its senders
 * and its queue is full, a request is refused whole with 503 + Retry-After (the sender's OTLP
 * exporter retries it), so nothing is dropped behind a 200; an exporter whose endpoint is down
 * holds nobody back (its queue drops and says so once, as for in-process telemetry).
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, readJsonlSpans } from '@genai-otel/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load-config.js';
import { type GenAIOtel, startFromConfig } from '../src/start.js';
import { captureLogger } from './helpers.js';

/** An OTLP/HTTP endpoint that holds every request until `release()`, then answers at once. */
async function stalledEndpoint() {
  const held: ServerResponse[] = [];
  let spans = 0;
  let released = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        resourceSpans: { scopeSpans: { spans: unknown[] }[] }[];
      };
      for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length;
      res.setHeader('content-type', 'application/json');
      if (released) res.end('{}');
      else held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get spans() {
      return spans;
    },
    release() {
      released = true;
      for (const res of held.splice(0)) res.end('{}');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function spansJson(request: number, count: number): string {
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId: (0xa000 + request).toString(16).padStart(32, '0'),
    spanId: (0x100 * (request + 1) + i).toString(16).padStart(16, '0'),
    name: `r${request}s${i}`,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000001000000000',
  }));
  return JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ spans }] }] });
}

let otel: GenAIOtel | undefined;
afterEach(async () => {
  await otel?.shutdown();
  otel = undefined;
});

async function start(endpoint: string, queueSize: number) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'otlp-backpressure-'));
  const file = join(dir, 'spans.jsonl');
  const config = join(dir, 'collector.yaml');
  writeFileSync(
    config,
    `receivers:
  otlp:
    protocols: { http: { endpoint: "127.0.0.1:${port}" } }
    admission: { retry_after_seconds: 2 }
processors:
  batch: { timeout: 10ms, send_batch_size: 5 }
exporters:
  otlp_http/slow:
    endpoint: "${endpoint}"
    encoding: json
    timeout: 60s
    retry_on_failure: { enabled: true, initial_interval: 50ms, max_interval: 100ms, max_elapsed_time: 60s }
    sending_queue: { queue_size: ${queueSize} }
  file: { path: ${JSON.stringify(file)} }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [batch], exporters: [otlp_http/slow, file] }
`,
  );
  const log = captureLogger();
  otel = startFromConfig(loadConfig(config, { env: {} }), {
    logger: log.logger,
    registerGlobals: false,
  });
  await otel.ready;
  const post = (body: string) =>
    fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
  return { post, file, lines: log.lines };
}

describe('otlp receiver backpressure from the export queues', () => {
  it('refuses with 503 + Retry-After while a slow exporter’s queue is full; every span arrives once after the retries', async () => {
    const endpoint = await stalledEndpoint();
    try {
      const c = await start(endpoint.url, 20);
      const statuses: number[] = [];
      for (let r = 0; r < 6; r++) {
        const res = await c.post(spansJson(r, 5));
        statuses.push(res.status);
        if (res.status === 503) {
          expect(res.headers.get('retry-after')).toBe('2');
          expect(((await res.json()) as { message: string }).message).toBe(
            'the export queue of otlp_http/slow cannot take 5 more spans now, retry later',
          );
        } else await res.arrayBuffer();
      }
      // A queue of 20 spans: four requests of five fit (sent, batched or waiting: all held
      // against it until the endpoint answers), the fifth and sixth are refused whole.
      expect(statuses).toEqual([200, 200, 200, 200, 503, 503]);

      endpoint.release();
      // The sender's retries: taken once the queue drains.
      for (const r of [4, 5]) {
        let status = 0;
        for (let i = 0; i < 200 && status !== 200; i++) {
          const res = await c.post(spansJson(r, 5));
          status = res.status;
          await res.arrayBuffer();
          if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(status).toBe(200);
      }
      await otel!.shutdown();
      otel = undefined;
      expect(endpoint.spans).toBe(30);
      // The file exporter beside it got no span of a refused request, and each span once.
      const names = (await readJsonlSpans(c.file)).map((s) => s.name);
      expect(names).toHaveLength(30);
      expect(new Set(names).size).toBe(30);
      expect(c.lines.join('\n')).not.toMatch(/dropp/);
      expect(c.lines).toEqual([
        expect.stringContaining('listening'),
        'genai-otel: receiver otlp: the export queue of otlp_http/slow is full: requests are refused with "retry after 2s" until it drains, nothing of them taken (said once; counted at shutdown)',
        'genai-otel: receiver otlp: refused 2 request(s) while an export queue was full',
      ]);
    } finally {
      endpoint.release();
      await endpoint.close();
    }
  }, 30_000);

  it('takes requests while an exporter’s endpoint is down: its queue drops them and says so', async () => {
    // The discard port: refused, and never an ephemeral port another test's server could take.
    const dead = 'http://127.0.0.1:9';
    const c = await start(dead, 20);
    expect((await c.post(spansJson(0, 5))).status).toBe(200);
    for (let i = 0; i < 200 && !c.lines.some((l) => l.includes('will be dropped')); i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    const statuses: number[] = [];
    for (let r = 1; r < 8; r++) {
      const res = await c.post(spansJson(r, 5));
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);
    await otel!.shutdown();
    otel = undefined;
    // The file exporter in the same pipeline was not held back by the dead one.
    expect(await readJsonlSpans(c.file)).toHaveLength(40);
    expect(c.lines.some((l) => l.includes('refused'))).toBe(false);
    expect(c.lines.filter((l) => l.includes('will be dropped'))).toHaveLength(1);
  }, 30_000);
});
