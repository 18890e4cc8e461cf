/**
 * The CloudWatch agent's EMF endpoint (`metrics_collected.emf` in its config): newline-delimited
 * JSON over TCP (one connection, kept open and re-opened after a failure) or UDP (one datagram
 * per event, as aws-embedded-metrics sends it). `_aws.LogGroupName` / `LogStreamName` in each
 * event tell the agent where the event goes.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, isIPv6, type Socket } from 'node:net';
import type { AgentEndpoint } from '../config.js';
import { UNDELIVERED_AT_SHUTDOWN } from './drops.js';
import type { QueuedEvent } from './event-queue.js';
import { QueuedSink, type QueuedSinkOptions } from './queued-sink.js';
import { splitEvent } from './split-event.js';

/** Largest UDP payload over IPv4. */
export const MAX_DATAGRAM_BYTES = 65_507;
const CONNECT_TIMEOUT_MS = 5_000;
/**
 * How long one socket write may make no progress before the agent counts as stalled (it accepted
 * the connection but stopped reading): the write is abandoned, its events dropped, the
 * connection closed. Writes to a live local agent take milliseconds.
 */
export const DEFAULT_WRITE_TIMEOUT_MS = 5_000;
/** Events per socket write: big enough to be cheap, small enough to lose little on failure. */
const WRITE_BATCH = 500;

export interface AgentSinkOptions extends QueuedSinkOptions {
  endpoint: AgentEndpoint;
  /** TCP: longest wait for one write to be handed to the kernel; default 5 s. */
  writeTimeoutMs?: number;
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

/** A write the agent did not take in time. */
class StalledWriteError extends Error {}

export class TcpAgentSink extends QueuedSink {
  readonly target: string;
  readonly #endpoint: AgentEndpoint;
  readonly #writeTimeoutMs: number;
  #socket: Socket | undefined;
  /** A connection being opened, so shutdown can abandon it too. */
  #connecting: Socket | undefined;

  constructor(options: AgentSinkOptions) {
    super(options);
    this.#endpoint = options.endpoint;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
    this.target = agentUrl(options.endpoint);
  }

  protected async drain(): Promise<void> {
    while (this.queue.size > 0 && !this.abortSignal.aborted) {
      const socket = await this.#connect();
      const batch = this.queue.take(WRITE_BATCH);
      let text = '';
      for (const q of batch) text += `${q.event.message}\n`;
      try {
        await this.#write(socket, text);
      } catch (error) {
        this.#drop(socket);
        if (this.closing) {
          this.drops.dropped(batch.length, UNDELIVERED_AT_SHUTDOWN);
        } else if (error instanceof StalledWriteError) {
          // Part of it may have reached the agent, and sending it again would stall again.
          this.drops.dropped(batch.length, error.message);
        } else {
          this.queue.unshift(batch);
        }
        throw error;
      }
    }
  }

  protected async close(): Promise<void> {
    this.#connecting?.destroy();
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

  #write(socket: Socket, text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.abortSignal;
      const fail = (error: Error) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(error);
        // A reset, not a FIN: the FIN would wait behind the unsent bytes the agent never takes,
        // keeping the kernel's buffers; this frees them and Node's, and settles the callback.
        socket.resetAndDestroy();
      };
      const onAbort = () => fail(new Error(`${this.target}: shut down while writing`));
      const timer = setTimeout(
        () =>
          fail(
            new StalledWriteError(
              `the agent stopped reading (it did not take a write within ${this.#writeTimeoutMs} ms); the connection is closed and opened anew`,
            ),
          ),
        this.#writeTimeoutMs,
      );
      signal.addEventListener('abort', onAbort, { once: true });
      socket.ref();
      socket.write(text, (error) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket.unref();
        if (error) reject(error);
        else resolve();
      });
    });
  }

  #connect(): Promise<Socket> {
    if (this.#socket && !this.#socket.destroyed && this.#socket.writable) {
      return Promise.resolve(this.#socket);
    }
    const { host, port } = this.#endpoint;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      this.#connecting = socket;
      const signal = this.abortSignal;
      const onAbort = () => socket.destroy(new Error(`${this.target}: shut down while connecting`));
      const timer = setTimeout(() => {
        socket.destroy(new Error(`connect to ${this.target} timed out`));
      }, CONNECT_TIMEOUT_MS);
      signal.addEventListener('abort', onAbort, { once: true });
      const settled = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.#connecting === socket) this.#connecting = undefined;
      };
      socket.once('error', (error) => {
        settled();
        reject(error);
      });
      socket.once('connect', () => {
        settled();
        socket.removeAllListeners('error');
        // The agent closing or failing (a restart) only means "reconnect next time". TCP has no
        // acknowledgement here: what was written just before the agent went away is lost, as with
        // aws-embedded-metrics.
        socket.on('error', () => this.#drop(socket));
        socket.on('end', () => this.#drop(socket));
        socket.on('close', () => this.#drop(socket));
        // Idle connections must not keep the app alive; `#write` refs it while data is in flight.
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

export class UdpAgentSink extends QueuedSink {
  readonly target: string;
  readonly #endpoint: AgentEndpoint;
  #socket: UdpSocket | undefined;

  constructor(options: AgentSinkOptions) {
    super(options);
    this.#endpoint = options.endpoint;
    this.target = agentUrl(options.endpoint);
  }

  protected async drain(): Promise<void> {
    const socket = this.#open();
    while (this.queue.size > 0 && !this.abortSignal.aborted) {
      const parts = this.#datagrams(this.queue.take(1) as [QueuedEvent]);
      while (parts.length > 0) {
        const q = parts[0] as QueuedEvent;
        try {
          // The trailing newline is what aws-embedded-metrics sends; it is part of the payload.
          await send(socket, `${q.event.message}\n`, this.#endpoint);
        } catch (error) {
          if (this.closing) this.drops.dropped(parts.length, UNDELIVERED_AT_SHUTDOWN);
          else this.queue.unshift(parts);
          throw error;
        }
        parts.shift();
      }
    }
  }

  protected async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /**
   * An event as datagrams: itself, or — larger than a datagram — split into events with fewer
   * metrics; only a metric too large even alone is dropped.
   */
  #datagrams([q]: [QueuedEvent]): QueuedEvent[] {
    if (q.bytes + 1 <= MAX_DATAGRAM_BYTES) return [q];
    const { events, dropped } = splitEvent(q.event, MAX_DATAGRAM_BYTES - 1);
    this.drops.dropped(
      dropped,
      `a metric whose event is larger than a UDP datagram (${MAX_DATAGRAM_BYTES} bytes) even alone`,
    );
    return events.map((event) => ({ event, bytes: Buffer.byteLength(event.message) }));
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
