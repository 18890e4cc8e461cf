import type { IncomingHttpHeaders } from 'node:http';
import type { AgentScenario } from './bedrock/agent-scenario.js';
import type { SseEvent } from './sse.js';

export interface MockLLMServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Delay before the first response byte of every request, in ms; default 0. */
  latencyMs?: number;
  /** Delay between two SSE events of a stream, in ms; default 0. */
  chunkDelayMs?: number;
  /** Keep `requests`; default true. Long benchmarks turn it off to keep memory flat. */
  recordRequests?: boolean;
  /**
   * Bedrock InvokeAgent scenarios by agent id (`*` for every other agent); a request's
   * `mock-scenario` session attribute still wins. Default: `DEFAULT_AGENT_SCENARIO`.
   */
  agentScenarios?: Record<string, AgentScenario>;
}

/** A fault for the next request(s), consumed in order by `failNext`. */
export interface FailNextOptions {
  /** Answer with this HTTP status and the provider's error body (e.g. 400, 401, 404, 429, 500, 503). */
  status?: number;
  /** Override the error body's fields. */
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
  /** `retry-after` header in seconds (429 and 503 get `0` unless set, so SDK retries stay fast). */
  retryAfter?: number;
  /**
   * Destroy the connection after this many SSE events of a stream (0 = right after the headers).
   * A non-streaming request is cut before any byte of its body is sent.
   */
  breakAfterChunks?: number;
  /** Extra delay before the first byte, in ms. */
  latencyMs?: number;
  /** Delay between SSE events, in ms, for this request. */
  chunkDelayMs?: number;
  /**
   * Gemini and Bedrock: after this many events of a stream, send the provider's in-stream error
   * (Gemini an `{"error":…}` chunk, Bedrock an exception event, `status`/`type` picking which)
   * and end the stream cleanly. Ignored by non-streaming requests.
   */
  streamErrorAfterChunks?: number;
  /** How many consecutive requests this fault applies to; default 1. */
  times?: number;
}

/** What the server saw of one request (the `authorization` and `api-key` headers are removed). */
export interface RecordedRequest {
  method: string;
  /** The path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The parsed JSON body, `undefined` when there was none. */
  body: unknown;
}

export interface MockLLMServer {
  /** `http://host:port` (no trailing slash); OpenAI clients use `url + '/v1'` as `baseURL`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, oldest first, including those answered with an error. */
  readonly requests: RecordedRequest[];
  /** Queue a fault for the next request(s). */
  failNext(options: FailNextOptions): void;
  /** Forget recorded requests and pending faults. */
  reset(): void;
  close(): Promise<void>;
}

/** @internal What a provider endpoint receives. */
export interface HandlerRequest {
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** Path parameters, e.g. `{ model }` for `/v1/models/:model`. */
  params: Record<string, string>;
}

/** @internal What a provider endpoint answers; the server owns the transport. */
export type HandlerResult =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'sse'; events: SseEvent[] }
  /** Already-framed stream parts (e.g. AWS event-stream frames), written one by one. */
  | { kind: 'stream'; contentType: string; headers?: Record<string, string>; chunks: Uint8Array[] };

/** @internal What a provider other than OpenAI is handed: the request and its fault, if any. */
export interface ProviderRequest extends HandlerRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The body was present but not JSON. */
  badJson: boolean;
  /** An injected error status (from `failNext`, `x-mock-error` or a magic model id). */
  errorStatus?: number;
  overrides: FailNextOptions;
  /** See `FailNextOptions.streamErrorAfterChunks`. */
  streamErrorAfterChunks?: number;
  /** The server's options (agent scenarios). */
  options: MockLLMServerOptions;
}

/**
 * @internal A provider other than OpenAI: it owns its paths, its auth rule, its error bodies and
 * its response headers; the server owns transport, latency, pacing and connection cuts.
 */
export interface Provider {
  /** Path parameters when this provider serves `method path` (a `model` one feeds the magic model trigger). */
  match(method: string, path: string): Record<string, string> | undefined;
  handle(req: ProviderRequest): HandlerResult;
  /** Headers every response carries (request ids, processing time). */
  responseHeaders(ms: number): Record<string, string>;
}
