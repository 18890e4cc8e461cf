/**
 * An HTTP endpoint that misbehaves on purpose, one way per instance: the faults an exporter meets
 * in the field. It counts requests, and holds every hung connection so it can let them all go at
 * close (a test never leaks a socket).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { freePort } from '@genai-otel/test-utils';

export const FAULTS = ['refuse', '429', '503', '413', 'slow', 'hang', 'reset'] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultServer {
  readonly url: string;
  readonly fault: Fault;
  /** Requests that reached the server (none for `refuse`). */
  readonly requests: number;
  close(): Promise<void>;
}

/** `slow` answers after this long: far beyond any export timeout the suite configures. */
const SLOW_MS = 30_000;

export async function startFaultServer(fault: Fault): Promise<FaultServer> {
  if (fault === 'refuse') {
    // A port nothing listens on: connections are refused.
    const port = await freePort();
    return { url: `http://127.0.0.1:${port}`, fault, requests: 0, close: async () => {} };
  }
  let requests = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests++;
    // The body is read (and discarded) so the client is never blocked writing it.
    req.resume();
    req.on('end', () => answer(fault, req, res, timers));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fault,
    get requests() {
      return requests;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
  timers: Set<NodeJS.Timeout>,
): void {
  switch (fault) {
    case '429':
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end('{"message":"Too Many Requests"}');
      return;
    case '503':
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"message":"Service Unavailable"}');
      return;
    case '413':
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end('{"message":"Payload Too Large"}');
      return;
    case 'slow': {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) res.writeHead(503).end();
      }, SLOW_MS);
      timers.add(timer);
      return;
    }
    case 'hang':
      // Accepted, read, never answered.
      return;
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    default:
      res.writeHead(500).end();
  }
}
