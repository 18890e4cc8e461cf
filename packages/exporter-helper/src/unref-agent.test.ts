import { createServer, request, type Server } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { freePort } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { ConnectError, createAgent, type UnrefableAgent } from './unref-agent.js';

/** A port nothing listens on. */
const deadPort = () => freePort();

/** One POST through the agent: the status, or the error the request failed with. */
function post(agent: UnrefableAgent, url: string): Promise<number | Error> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', resolve);
    req.end('x');
  });
}

async function server(): Promise<{ url: string; server: Server }> {
  const s = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1/traces`, server: s };
}

describe('the OTLP exporter agent', () => {
  it("fails a refused connection at once, with Node's code kept as the cause", async () => {
    const agent = createAgent('http:', 10_000, {});
    const error = await post(agent, `http://127.0.0.1:${await deadPort()}/v1/traces`);
    expect(error).toBeInstanceOf(ConnectError);
    expect(((error as Error).cause as { code?: unknown }).code).toBe('ECONNREFUSED');
    agent.destroy();
  });

  it('sends over kept-alive connections as usual', async () => {
    const { url, server: s } = await server();
    const agent = createAgent('http:', 10_000, {});
    try {
      expect(await post(agent, url)).toBe(200);
      expect(await post(agent, url)).toBe(200);
      // The second request reused the first connection.
      expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
    } finally {
      agent.destroy();
      s.close();
    }
  });

  it('its connections never keep the process alive, and still work', async () => {
    const { url, server: s } = await server();
    const agent = createAgent('http:', 10_000, {});
    try {
      expect(await post(agent, url)).toBe(200);
      let socketRef: boolean | undefined;
      const req = request(url, { method: 'POST', agent }, (res) => res.resume());
      const status = new Promise<number>((resolve) =>
        req.on('response', (res) => res.on('end', () => resolve(res.statusCode ?? 0))),
      );
      req.on('socket', (socket) => {
        socketRef = (socket as unknown as { _handle?: { hasRef(): boolean } })._handle?.hasRef();
      });
      req.end('x');
      expect(await status).toBe(200);
      expect(socketRef).toBe(false);
    } finally {
      agent.destroy();
      s.close();
    }
  });

  it('for https: speaks TLS, with the same fail-fast connect', async () => {
    const agent = createAgent('https:', 10_000, {});
    expect(agent).toBeInstanceOf(HttpsAgent);
    // A plain TCP server sees what the agent sends first: a TLS handshake record (0x16).
    let firstByte: number | undefined;
    const tcp = createTcpServer((socket) =>
      socket.once('data', (bytes: Buffer) => {
        firstByte = bytes[0];
        socket.destroy();
      }),
    );
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const post = (port: number) =>
      new Promise<unknown>((resolve) =>
        httpsRequest(`https://127.0.0.1:${port}/v1/traces`, { method: 'POST', agent })
          .on('error', resolve)
          .end('x'),
      );
    try {
      const cut = await post((tcp.address() as AddressInfo).port);
      expect(firstByte).toBe(0x16);
      // The handshake failed on an open connection: the exporter's own retry rules apply.
      expect(cut).toBeInstanceOf(Error);
      expect(cut).not.toBeInstanceOf(ConnectError);
      expect(await post(await deadPort())).toBeInstanceOf(ConnectError);
    } finally {
      agent.destroy();
      tcp.close();
    }
  });
});
