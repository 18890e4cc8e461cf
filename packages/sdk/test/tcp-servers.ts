/**
 * Endpoints that misbehave below HTTP, for outage tests: one that takes connections and never
 * answers (a hung collector), one that cuts every connection at once (`socket hang up`), and a
 * port nothing listens on.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '@genai-otel/test-utils';
import { Signal } from './helpers.js';

export interface TcpEndpoint {
  url: string;
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Connections the client has closed so far. */
  closed: number;
  /** Resolves once `predicate` holds. */
  until(predicate: (e: TcpEndpoint) => boolean): Promise<void>;
  close(): Promise<void>;
}

async function listen(onConnection: (socket: Socket) => void): Promise<TcpEndpoint> {
  const changed = new Signal();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    endpoint.connections++;
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      endpoint.closed++;
      changed.notify();
    });
    onConnection(socket);
    changed.notify();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const endpoint: TcpEndpoint = {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: 0,
    closed: 0,
    until: (predicate) => changed.until(() => predicate(endpoint)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return endpoint;
}

/** Accepts connections and reads requests, but never answers. */
export function startSilentServer(): Promise<TcpEndpoint> {
  return listen((socket) => socket.resume());
}

/** Cuts every connection as soon as it is made. */
export function startResettingServer(): Promise<TcpEndpoint> {
  return listen((socket) => socket.resetAndDestroy());
}

/** A port nothing listens on. */
export const deadPort = freePort;
