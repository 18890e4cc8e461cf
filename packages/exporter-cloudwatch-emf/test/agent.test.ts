/**
 * The CloudWatch agent destination over TCP and UDP, against local listeners that read what the
 * agent reads: newline-delimited EMF (TCP) and one event per datagram (UDP).
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { captureLog } from '@genai-otel/test-utils';
import { ExportResultCode } from '@opentelemetry/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AwsEmfExporterConfig,
  createDefaultConfig,
  parseAgentEndpoint,
} from '../src/config.js';
import { createAwsEmfExporter } from '../src/factory.js';
import type { EmfEvent } from '../src/group/emf-document.js';
import { createAgentSink, MAX_DATAGRAM_BYTES } from '../src/push/agent-sink.js';
import { DropCounter } from '../src/push/drops.js';
import { emfErrors } from './support/emf-validator.js';
import { exportOnce } from './support/export.js';
import { gauge, point, resourceMetrics, sum } from './support/metrics.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Resolves when `predicate` holds, re-checked on every `notify()`. */
function waiter() {
  let waiting: (() => void)[] = [];
  return {
    notify() {
      const w = waiting;
      waiting = [];
      for (const f of w) f();
    },
    until(predicate: () => boolean): Promise<void> {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve) => {
        const check = () => (predicate() ? resolve() : waiting.push(check));
        waiting.push(check);
      });
    },
  };
}

async function tcpAgent(port = 0) {
  const lines: string[] = [];
  const sockets: Socket[] = [];
  const w = waiter();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.push(socket);
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      lines.push(...parts);
      w.notify();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const agent = {
    port: (server.address() as AddressInfo).port,
    lines,
    get connections() {
      return connections;
    },
    until: w.until,
    /** Like an agent restart: every connection closed; resolves once the client closed its side too. */
    endConnections(): Promise<void> {
      return Promise.all(
        sockets
          .splice(0)
          .map(
            (s) => new Promise<void>((resolve) => s.end(() => s.once('close', () => resolve()))),
          ),
      ).then(() => {});
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  cleanups.push(agent.close);
  return agent;
}

async function udpAgent() {
  const datagrams: string[] = [];
  const w = waiter();
  const socket: UdpSocket = createSocket('udp4');
  socket.on('message', (msg) => {
    datagrams.push(msg.toString('utf8'));
    w.notify();
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { port: socket.address().port, datagrams, until: w.until };
}

function exporter(agentEndpoint: string, config: Partial<AwsEmfExporterConfig> = {}) {
  const log = captureLog();
  const e = createAwsEmfExporter(
    {
      ...createDefaultConfig(),
      output_destination: 'agent',
      agent_endpoint: agentEndpoint,
      dimension_rollup_option: 'NoDimensionRollup',
      ...config,
    },
    { log, env: {} },
  );
  cleanups.push(() => e.shutdown());
  return { exporter: e, log };
}

const T = Date.now();
const collection = (n: number, at = T) =>
  resourceMetrics([
    sum(
      'requests',
      '{request}',
      Array.from({ length: n }, (_, i) => point(i + 1, { route: `r${i}` }, at)),
    ),
  ]);

describe('awsemf → CloudWatch agent over TCP', () => {
  it('writes newline-delimited EMF naming the log group, over one kept-open connection', async () => {
    const agent = await tcpAgent();
    const { exporter: e, log } = exporter(`tcp://127.0.0.1:${agent.port}`, {
      log_group_name: '/genai/{ServiceName}',
      log_stream_name: 'host-1',
    });
    expect(await exportOnce(e, collection(2))).toEqual({ code: ExportResultCode.SUCCESS });
    expect(await exportOnce(e, collection(1, T + 60_000))).toEqual({
      code: ExportResultCode.SUCCESS,
    });
    await agent.until(() => agent.lines.length >= 3);
    expect(agent.lines.map((l) => JSON.parse(l))).toEqual([
      {
        _aws: {
          Timestamp: T,
          CloudWatchMetrics: [
            {
              Namespace: 'checkout-bot',
              Dimensions: [['route']],
              Metrics: [{ Name: 'requests', Unit: 'Count' }],
            },
          ],
          LogGroupName: '/genai/checkout-bot',
          LogStreamName: 'host-1',
        },
        route: 'r0',
        requests: 1,
      },
      expect.objectContaining({ route: 'r1', requests: 2 }),
      expect.objectContaining({
        _aws: expect.objectContaining({ Timestamp: T + 60_000 }),
        route: 'r0',
      }),
    ]);
    expect(agent.connections).toBe(1);
    expect(log.lines).toEqual([]);
  });

  it('defaults the log group to /metrics/<namespace> and lets the agent pick the stream', async () => {
    const agent = await tcpAgent();
    const { exporter: e } = exporter(`tcp://127.0.0.1:${agent.port}`, { namespace: 'GenAI' });
    await exportOnce(e, resourceMetrics([gauge('g', '', [point(1, {}, T)])]));
    await agent.until(() => agent.lines.length >= 1);
    const aws = JSON.parse(agent.lines[0]!)._aws;
    expect(aws.LogGroupName).toBe('/metrics/GenAI');
    expect(aws).not.toHaveProperty('LogStreamName');
  });

  it('keeps events while the agent is down and delivers them once it is back', async () => {
    const probe = await tcpAgent();
    const port = probe.port;
    await probe.close();
    const { exporter: e, log } = exporter(`tcp://127.0.0.1:${port}`);
    const down = await exportOnce(e, collection(2));
    expect(down.code).toBe(ExportResultCode.FAILED);
    expect(down.error?.message).toContain('ECONNREFUSED');

    const agent = await tcpAgent(port);
    expect((await exportOnce(e, collection(1, T + 60_000))).code).toBe(ExportResultCode.SUCCESS);
    await agent.until(() => agent.lines.length >= 3);
    expect(agent.lines.map((l) => [JSON.parse(l)._aws.Timestamp, JSON.parse(l).route])).toEqual([
      [T, 'r0'],
      [T, 'r1'],
      [T + 60_000, 'r0'],
    ]);
    expect(log.lines).toEqual([]);
  });

  it('reconnects after the agent drops the connection', async () => {
    const agent = await tcpAgent();
    const { exporter: e } = exporter(`tcp://127.0.0.1:${agent.port}`);
    await exportOnce(e, collection(1));
    await agent.until(() => agent.lines.length >= 1);
    await agent.endConnections();
    expect((await exportOnce(e, collection(1, T + 1))).code).toBe(ExportResultCode.SUCCESS);
    await agent.until(() => agent.lines.length >= 2);
    expect(agent.connections).toBe(2);
  });

  it('bounds what waits while the agent is unreachable and reports the drops', async () => {
    const probe = await tcpAgent();
    const port = probe.port;
    await probe.close();
    const { exporter: e, log } = exporter(`tcp://127.0.0.1:${port}`, {
      sending_queue: { queue_size: 2 },
    });
    await exportOnce(e, collection(3));
    await exportOnce(e, collection(3, T + 1));
    await e.shutdown();
    expect(log.lines).toEqual([
      `warn: dropping EMF events for tcp://127.0.0.1:${port}: more than 2 events waiting (sending_queue.queue_size) (counted; the total is reported at shutdown)`,
      `warn: dropped 6 EMF events in total for tcp://127.0.0.1:${port}`,
    ]);
  });
});

/** An agent that accepts connections and, past its first 16 KiB buffer, never reads. */
async function stalledAgent() {
  const sockets: Socket[] = [];
  const w = waiter();
  let writing = 0;
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    // A 'readable' listener with no read(): Node buffers one highWaterMark, then stops reading.
    socket.once('readable', () => {
      writing++;
      w.notify();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = {
    port: (server.address() as AddressInfo).port,
    /** Connections the client has started writing to. */
    get writing() {
      return writing;
    },
    get connections() {
      return sockets.length;
    },
    until: w.until,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  cleanups.push(agent.close);
  return agent;
}

/** `n` events of `bytes` each, as the translator hands them to a sink. */
function events(n: number, bytes: number, at = T): EmfEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    timestamp: at + i,
    message: `{"_aws":{"Timestamp":${at + i},"CloudWatchMetrics":[]},"pad":"${'x'.repeat(Math.max(0, bytes - 60))}"}`,
    logGroupName: '/metrics/test',
    logStreamName: 'otel-stream',
  }));
}

describe('awsemf → a stalled CloudWatch agent (accepts, never reads)', () => {
  // More than the loopback socket buffers hold (4 MiB send, ~128 KiB unread receive): this
  // write cannot complete while the agent does not read.
  const STALLING = () => events(24, 1_000_000);

  function sink(port: number, options: { writeTimeoutMs: number; shutdownTimeoutMs?: number }) {
    const log = captureLog();
    const drops = new DropCounter(log, 'the agent');
    const s = createAgentSink({
      endpoint: { protocol: 'tcp', host: '127.0.0.1', port },
      queueSize: 3,
      drops,
      ...options,
    });
    cleanups.push(() => s.shutdown());
    return { sink: s, drops, log };
  }

  it('keeps at most queue_size events waiting, abandons the stalled write, and opens a new connection', async () => {
    const agent = await stalledAgent();
    const { sink: s, drops, log } = sink(agent.port, { writeTimeoutMs: 1_500 });
    // The write timeout leaves a loaded machine time to queue the rest before it fires.
    const stalled = s.write(STALLING());
    await agent.until(() => agent.writing >= 1);
    const later: Promise<void>[] = [];
    for (let i = 1; i <= 10; i++) {
      later.push(s.write(events(2, 200, T + i * 1000)));
      expect(s.queued).toBeLessThanOrEqual(3);
    }
    expect(drops.total).toBe(17);
    await expect(stalled).rejects.toThrow(
      'the agent stopped reading (it did not take a write within 1500 ms)',
    );
    // The 3 newest went out on a connection opened after the stalled one was given up.
    await Promise.all(later);
    expect(s.queued).toBe(0);
    expect(agent.connections).toBe(2);
    expect(drops.total).toBe(17 + 24);
    expect(log.lines).toEqual([
      'warn: dropping EMF events for the agent: more than 3 events waiting (sending_queue.queue_size) (counted; the total is reported at shutdown)',
      'warn: dropping EMF events for the agent: the agent stopped reading (it did not take a write within 1500 ms); the connection is closed and opened anew (counted; the total is reported at shutdown)',
    ]);
  });

  it('shuts down within its timeout, counting the events it could not deliver', async () => {
    const agent = await stalledAgent();
    const {
      sink: s,
      drops,
      log,
    } = sink(agent.port, {
      writeTimeoutMs: 60_000,
      shutdownTimeoutMs: 300,
    });
    const stalled = s.write(STALLING());
    await agent.until(() => agent.writing >= 1);
    const waiting = s.write(events(2, 200, T + 1000));
    const started = performance.now();
    await s.shutdown();
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1_300);
    await expect(stalled).rejects.toThrow('shut down while writing');
    await expect(waiting).rejects.toThrow('shut down before delivery');
    expect(drops.total).toBe(26);
    expect(log.lines).toEqual([]);
  });
});

describe('awsemf → CloudWatch agent over UDP', () => {
  it('sends one event per datagram, newline-terminated', async () => {
    const agent = await udpAgent();
    const { exporter: e } = exporter(`udp://127.0.0.1:${agent.port}`);
    expect((await exportOnce(e, collection(3))).code).toBe(ExportResultCode.SUCCESS);
    await agent.until(() => agent.datagrams.length >= 3);
    expect(
      agent.datagrams.every((d) => d.endsWith('}\n') && d.indexOf('\n') === d.length - 1),
    ).toBe(true);
    expect(agent.datagrams.map((d) => JSON.parse(d).route).sort()).toEqual(['r0', 'r1', 'r2']);
    expect(JSON.parse(agent.datagrams[0]!)._aws.LogGroupName).toBe('/metrics/checkout-bot');
  });

  it('splits an event too large for a datagram into events with fewer metrics', async () => {
    const agent = await udpAgent();
    const { exporter: e, log } = exporter(`udp://127.0.0.1:${agent.port}`);
    // 30 labels of 1 KiB and 100 long metric names: ~85 KB as one event.
    const big = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`label${i}`, 'v'.repeat(1024)]),
    );
    const names = Array.from({ length: 100 }, (_, i) => `${'m'.repeat(250)}${i}`);
    await exportOnce(
      e,
      resourceMetrics([
        ...names.map((n, i) => gauge(n, '', [point(i, big, T)])),
        gauge('small', '', [point(1, {}, T)]),
      ]),
    );
    await agent.until(() => agent.datagrams.length >= 3);
    await e.shutdown();
    expect(agent.datagrams).toHaveLength(3);
    const values: Record<string, unknown> = {};
    for (const d of agent.datagrams) {
      expect(Buffer.byteLength(d)).toBeLessThanOrEqual(MAX_DATAGRAM_BYTES);
      const line = d.slice(0, -1);
      expect(emfErrors(line)).toEqual([]);
      const doc = JSON.parse(line);
      for (const m of doc._aws.CloudWatchMetrics.flatMap((c: { Metrics: unknown[] }) => c.Metrics))
        values[(m as { Name: string }).Name] = doc[(m as { Name: string }).Name];
      if (!('small' in doc)) expect(doc.label29).toBe('v'.repeat(1024));
    }
    expect(values).toEqual({
      ...Object.fromEntries(names.map((n, i) => [n, i])),
      small: 1,
    });
    expect(log.lines).toEqual([]);
  });

  it('drops (and counts) only metrics whose event is too large for a datagram even alone', async () => {
    const agent = await udpAgent();
    const { exporter: e, log } = exporter(`udp://127.0.0.1:${agent.port}`);
    // The labels alone (70 KiB) exceed a datagram: no share of the metrics can fit.
    const huge = Object.fromEntries(
      Array.from({ length: 70 }, (_, i) => [`label${i}`, 'v'.repeat(1024)]),
    );
    await exportOnce(
      e,
      resourceMetrics([
        gauge('a', '', [point(1, huge, T)]),
        gauge('b', '', [point(2, huge, T)]),
        gauge('small', '', [point(3, {}, T)]),
      ]),
    );
    await agent.until(() => agent.datagrams.length >= 1);
    await e.shutdown();
    expect(agent.datagrams.map((d) => JSON.parse(d).small)).toEqual([3]);
    expect(log.lines.filter((l) => l.includes('EMF events'))).toEqual([
      `warn: dropping EMF events for udp://127.0.0.1:${agent.port}: a metric whose event is larger than a UDP datagram (65507 bytes) even alone (counted; the total is reported at shutdown)`,
      `warn: dropped 2 EMF events in total for udp://127.0.0.1:${agent.port}`,
    ]);
  });
});

describe('agent_endpoint', () => {
  it.each([
    ['tcp://127.0.0.1', { protocol: 'tcp', host: '127.0.0.1', port: 25888 }],
    ['udp://cwagent:25000', { protocol: 'udp', host: 'cwagent', port: 25000 }],
    ['tcp://[::1]:9000', { protocol: 'tcp', host: '::1', port: 9000 }],
  ])('%s', (raw, expected) => {
    expect(parseAgentEndpoint(raw)).toEqual(expected);
  });

  it('rejects other schemes', () => {
    expect(() => parseAgentEndpoint('http://agent:25888')).toThrow(
      /must be tcp:\/\/host\[:port\] or udp/,
    );
  });
});
