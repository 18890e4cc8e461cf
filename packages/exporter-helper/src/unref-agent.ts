/**
 * An HTTP(S) agent for exporters whose connections never keep the process alive: a finished app
 * reaches `beforeExit` even while an export waits on a hung endpoint, and the sdk's shutdown (which
 * holds the process itself while it waits, within its bound) takes it from there.
 *
 * - A connection that cannot be opened (refused, unknown host, unreachable, no answer within the
 *   connect timeout) fails the request at once with a `ConnectError` (its `cause` keeps Node's
 *   error and `code`); the export queue decides whether and when to try again.
 * - Every socket is unref'd when it is opened and again when it is reused (Node refs a reused
 *   keep-alive socket).
 */
import { type ClientRequest, type ClientRequestArgs, Agent as HttpAgent } from 'node:http';
import type { AgentOptions as HttpsAgentOptions } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** A connection that never came up; `cause` is Node's error (with its `code`, e.g. ECONNREFUSED). */
export class ConnectError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
    this.name = 'ConnectError';
  }
}

export interface UnrefableAgent extends HttpAgent {
  /** From now on no connection of this agent keeps the process alive. */
  unref(): void;
}

type Callback = (err: Error | null, stream: Duplex) => void;

/** Node's agent calls back with the error alone when no socket came of it. */
function fail(callback: Callback, err: Error): void {
  (callback as (err: Error) => void)(err);
}

/** The connection bookkeeping both agent classes share. */
class Connections {
  readonly #timeoutMs: number;
  readonly #opening = new Set<Socket>();
  #unref = false;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** Hands the socket to the request only once it is connected (Node's documented async form). */
  open(create: () => Duplex, callback: Callback): undefined {
    let socket: Socket;
    try {
      socket = create() as Socket;
    } catch (error) {
      process.nextTick(fail, callback, error as Error);
      return undefined;
    }
    if (this.#unref) socket.unref();
    const settle = (err?: Error) => {
      this.#opening.delete(socket);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      socket.off('timeout', onTimeout);
      socket.setTimeout(0);
      if (err === undefined) return callback(null, socket);
      socket.destroy();
      fail(callback, err);
    };
    const onConnect = () => settle();
    const onError = (error: Error) => settle(new ConnectError(error));
    // The request's own timeout starts only once it has a socket: connecting needs its own bound.
    const onTimeout = () =>
      settle(
        new ConnectError(
          Object.assign(new Error(`no connection within ${this.#timeoutMs}ms`), {
            code: 'ETIMEDOUT',
          }),
        ),
      );
    socket.once('connect', onConnect);
    socket.once('error', onError);
    socket.once('timeout', onTimeout);
    socket.setTimeout(this.#timeoutMs);
    this.#opening.add(socket);
    return undefined;
  }

  /** A reused keep-alive socket is ref'd again by Node; after `unref()` it must not be. */
  reused(socket: Duplex): void {
    if (this.#unref) (socket as Socket).unref?.();
  }

  unref(agent: HttpAgent): void {
    this.#unref = true;
    for (const socket of this.#opening) socket.unref();
    for (const sockets of Object.values(agent.sockets)) {
      for (const socket of sockets ?? []) socket.unref();
    }
  }
}

/**
 * Node's https agent differs from the http one only in how it opens a connection (TLS), which
 * `super.createConnection` keeps: the same subclass serves on top of either.
 */
function failFast(Base: typeof HttpAgent) {
  return class FailFastAgent extends Base implements UnrefableAgent {
    readonly #connections: Connections;

    constructor(options: HttpsAgentOptions, timeoutMs: number) {
      super(options);
      this.#connections = new Connections(timeoutMs);
    }

    override createConnection(options: ClientRequestArgs, callback?: Callback) {
      if (!callback) return super.createConnection(options);
      return this.#connections.open(() => super.createConnection(options) as Duplex, callback);
    }

    override reuseSocket(socket: Socket, request: ClientRequest): void {
      super.reuseSocket(socket, request);
      this.#connections.reused(socket);
    }

    unref(): void {
      this.#connections.unref(this);
    }
  };
}

const FailFastHttpAgent = failFast(HttpAgent);
// `node:https` loads TLS and crypto (~35 ms and 8 MiB at start-up, bench/README.md "startup"): taken
// the first time an https endpoint needs an agent, not when the module loads.
let FailFastHttpsAgent: ReturnType<typeof failFast> | undefined;
function httpsAgentClass(): ReturnType<typeof failFast> {
  FailFastHttpsAgent ??= failFast(process.getBuiltinModule('node:https').Agent);
  return FailFastHttpsAgent;
}

/** TLS files for https endpoints, as the exporter would read them from OTEL_EXPORTER_OTLP_*CERTIFICATE/KEY. */
export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** Keep-alive, as the exporters' own default agents; unref'd from the start. */
export function createAgent(
  protocol: string,
  timeoutMs: number,
  tls: TlsMaterial = {},
): UnrefableAgent {
  const agent =
    protocol === 'http:'
      ? new FailFastHttpAgent({ keepAlive: true }, timeoutMs)
      : new (httpsAgentClass())({ keepAlive: true, ...tls }, timeoutMs);
  agent.unref();
  return agent;
}
