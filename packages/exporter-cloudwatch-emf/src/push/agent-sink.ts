/**
 * The CloudWatch agent's EMF endpoint (`metrics_collected.emf` in its config): newline-delimited
 * JSON over TCP (one connection, kept open and re-opened after a failure) or UDP (one datagram
 * per event, as aws-embedded-metrics sends it). `_aws.LogGroupName` / `LogStreamName` in each
 * event tell the agent where the event goes.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, isIPv6, type Socket } from 'node:net';
import type { AgentEndpoint } from '../config.js';
import type { DropCounter } from './drops.js';
import type { QueuedEvent } from './event-queue.js';
import { QueuedSink } from './queued-sink.js';

/** Largest UDP payload over IPv4. */
export const MAX_DATAGRAM_BYTES = 65_507;
const CONNECT_TIMEOUT_MS = 5_000;
/** Events per socket write: big enough to be cheap, small enough to requeue little on failure. */
const WRITE_BATCH = 500;

export interface AgentSinkOptions {
  endpoint: AgentEndpoint;
  queueSize: number;
  drops: DropCounter;
}

export function createAgentSink(options: AgentSinkOptions): QueuedSink {
  return options.endpoint.protocol === 'udp'
    ? new UdpAgentSink(options)
    : new TcpAgentSink(options);
}

/** `tcp://host:port`, the form messages show. */
export function agentUrl(e: AgentEndpoint): string {
  const host = isIPv6(e.host) ? `[${e.host}]` : e.host;
  return `${e.protocol}://${host}:${e.port}`;
}

export class TcpAgentSink extends QueuedSink {
  readonly target: string;
  readonly #endpoint: AgentEndpoint;
  #socket: Socket | undefined;

  constructor(options: AgentSinkOptions) {
    super(options.queueSize, options.drops);
    this.#endpoint = options.endpoint;
    this.target = agentUrl(options.endpoint);
  }

  protected async drain(): Promise<void> {
    while (this.queue.size > 0) {
      const socket = await this.#connect();
      const batch = this.queue.take(WRITE_BATCH);
      let text = '';
      for (const q of batch) text += `${q.event.message}\n`;
      try {
        await write(socket, text);
      } catch (error) {
        this.queue.unshift(batch);
        this.#drop(socket);
        throw error;
      }
    }
  }

  protected async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      // An agent that never acknowledges the FIN must not hold shutdown.
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  #connect(): Promise<Socket> {
    if (this.#socket && !this.#socket.destroyed && this.#socket.writable) {
      return Promise.resolve(this.#socket);
    }
    const { host, port } = this.#endpoint;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy(new Error(`connect to ${this.target} timed out`));
      }, CONNECT_TIMEOUT_MS);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        // The agent closing or failing (a restart) only means "reconnect next time". TCP has no
        // acknowledgement here: what was written just before the agent went away is lost, as with
        // aws-embedded-metrics.
        socket.on('error', () => this.#drop(socket));
        socket.on('end', () => this.#drop(socket));
        socket.on('close', () => this.#drop(socket));
        // Idle connections must not keep the app alive; `write` refs it while data is in flight.
        socket.unref();
        this.#socket = socket;
        resolve(socket);
      });
    });
  }

  #drop(socket: Socket): void {
    if (this.#socket === socket) this.#socket = undefined;
    socket.destroy();
  }
}

function write(socket: Socket, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.ref();
    socket.write(text, (error) => {
      socket.unref();
      if (error) reject(error);
      else resolve();
    });
  });
}

export class UdpAgentSink extends QueuedSink {
  readonly target: string;
  readonly #endpoint: AgentEndpoint;
  #socket: UdpSocket | undefined;

  constructor(options: AgentSinkOptions) {
    super(options.queueSize, options.drops);
    this.#endpoint = options.endpoint;
    this.target = agentUrl(options.endpoint);
  }

  protected async drain(): Promise<void> {
    const socket = this.#open();
    while (this.queue.size > 0) {
      const [q] = this.queue.take(1) as [QueuedEvent];
      // The trailing newline is what aws-embedded-metrics sends; it is part of the payload.
      if (q.bytes + 1 > MAX_DATAGRAM_BYTES) {
        this.drops.dropped(1, `an event larger than a UDP datagram (${MAX_DATAGRAM_BYTES} bytes)`);
        continue;
      }
      try {
        await send(socket, `${q.event.message}\n`, this.#endpoint);
      } catch (error) {
        this.queue.unshift([q]);
        throw error;
      }
    }
  }

  protected async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  #open(): UdpSocket {
    if (!this.#socket) {
      const socket = createSocket(isIPv6(this.#endpoint.host) ? 'udp6' : 'udp4');
      socket.on('error', () => {
        if (this.#socket === socket) this.#socket = undefined;
        socket.close();
      });
      socket.unref();
      this.#socket = socket;
    }
    return this.#socket;
  }
}

function send(socket: UdpSocket, text: string, e: AgentEndpoint): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.ref();
    socket.send(text, e.port, e.host, (error) => {
      socket.unref();
      if (error) reject(error);
      else resolve();
    });
  });
}
