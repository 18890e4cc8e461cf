// The parts of the MCP SDK's `Protocol` (shared/protocol.js) this package reads. Never exported:
// the SDK is a dev dependency, read through these loose shapes, never trusted.

/** A JSON-RPC request as `Protocol.request` and request handlers see it. */
export interface McpRequest {
  method?: unknown;
  id?: unknown;
  params?: { _meta?: Record<string, unknown>; name?: unknown; uri?: unknown; [k: string]: unknown };
}

/** The transport a `Protocol` is connected to. */
export interface McpTransport {
  sessionId?: unknown;
  constructor?: { name?: unknown };
  /** StreamableHTTPClientTransport / SSEClientTransport: the server's URL. */
  _url?: unknown;
}

/** `this` of the patched methods: a Client, a Server, or any other `Protocol`. */
export interface ProtocolLike {
  _transport?: McpTransport;
  /** The id the next outgoing request gets (read before `request` assigns it). */
  _requestMessageId?: unknown;
}

/** The handler's `extra` (RequestHandlerExtra). */
export interface HandlerExtra {
  sessionId?: unknown;
  requestId?: unknown;
}

export type RequestFn = (
  this: ProtocolLike,
  request: McpRequest,
  resultSchema: unknown,
  options?: unknown,
) => Promise<unknown>;

export type Handler = (request: McpRequest, extra: HandlerExtra) => unknown;

export type SetRequestHandlerFn = (
  this: ProtocolLike,
  requestSchema: unknown,
  handler: Handler,
) => unknown;
