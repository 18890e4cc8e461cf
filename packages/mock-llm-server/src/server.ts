import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { hexId } from './ids.js';
import { cutResponse, listenDual } from './listen.js';
import { chatCompletions } from './openai/chat-completions.js';
import { embeddings } from './openai/embeddings.js';
import {
  invalidJson,
  invalidUrl,
  missingApiKey,
  openAIError,
  openAIErrorForStatus,
} from './openai/errors.js';
import { listModels, retrieveModel } from './openai/models.js';
import { responses } from './openai/responses.js';
import { findProvider } from './providers.js';
import { formatSse } from './sse.js';
import type {
  FailNextOptions,
  HandlerRequest,
  HandlerResult,
  MockLLMServer,
  MockLLMServerOptions,
  ProviderRequest,
  RecordedRequest,
} from './types.js';

interface Route {
  method: string;
  path: RegExp;
  handler: (req: HandlerRequest) => HandlerResult;
}

const ROUTES: Route[] = [
  { method: 'POST', path: /^\/v1\/chat\/completions$/, handler: chatCompletions },
  { method: 'POST', path: /^\/v1\/responses$/, handler: responses },
  { method: 'POST', path: /^\/v1\/embeddings$/, handler: embeddings },
  { method: 'GET', path: /^\/v1\/models$/, handler: listModels },
  { method: 'GET', path: /^\/v1\/models\/(?<model>[^/]+)$/, handler: retrieveModel },
];

/** Request headers that let a child process (which cannot call `failNext`) inject faults. */
export const FAULT_HEADERS = {
  error: 'x-mock-error',
  streamBreakAfter: 'x-mock-stream-break-after',
  latencyMs: 'x-mock-latency-ms',
  chunkDelayMs: 'x-mock-chunk-delay-ms',
  streamErrorAfter: 'x-mock-stream-error-after',
} as const;

/** A model named `mock-error-<status>` answers with that status, like `x-mock-error`. */
const MAGIC_ERROR_MODEL = /^mock-error-(\d{3})$/;

const REDACTED_HEADERS = new Set([
  'authorization',
  'api-key',
  'x-api-key',
  'x-goog-api-key',
  'x-amz-security-token',
]);

interface Fault {
  status?: number;
  overrides: FailNextOptions;
  breakAfterChunks?: number;
  latencyMs: number;
  chunkDelayMs?: number;
  streamErrorAfterChunks?: number;
}

export async function startMockLLMServer(
  options: MockLLMServerOptions = {},
): Promise<MockLLMServer> {
  const host = options.host ?? '127.0.0.1';
  const latencyMs = options.latencyMs ?? 0;
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const recordRequests = options.recordRequests ?? true;
  const requests: RecordedRequest[] = [];
  const queued: FailNextOptions[] = [];

  const takeQueued = (): FailNextOptions | undefined => {
    const head = queued[0];
    if (head === undefined) return undefined;
    const left = (head.times ?? 1) - 1;
    if (left <= 0) queued.shift();
    else queued[0] = { ...head, times: left };
    return head;
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        const message = err instanceof Error ? err.message : String(err);
        send(res, { 'x-request-id': hexId('req_', 16) }, openAIError(500, message, 'server_error'));
      } else {
        cutResponse(res);
      }
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = hexId('req_', 16);
    const url = new URL(req.url ?? '/', 'http://mock');
    const raw = await readBody(req);
    let body: unknown;
    let badJson = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    if (recordRequests)
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: recordedHeaders(req),
        body,
      });

    const method = req.method ?? 'GET';
    // Gemini and Bedrock own their paths, auth, error bodies and headers (see providers.ts).
    const provided = findProvider(method, url.pathname);
    const model = provided
      ? provided.params.model
      : (body as { model?: unknown } | undefined)?.model;
    const fault = faultFor(req, model, takeQueued());
    let result: HandlerResult;
    const routed = provided ? undefined : findRoute(method, url.pathname);
    if (provided) {
      const bodyObject = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
      const preq: ProviderRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        body: bodyObject,
        headers: req.headers,
        params: provided.params,
        badJson,
        overrides: fault.overrides,
        options,
      };
      if (fault.status !== undefined) preq.errorStatus = fault.status;
      if (fault.streamErrorAfterChunks !== undefined)
        preq.streamErrorAfterChunks = fault.streamErrorAfterChunks;
      result = provided.provider.handle(preq);
    } else if (!routed) result = invalidUrl(method, url.pathname);
    else if (badJson) result = invalidJson();
    else if (fault.status !== undefined) {
      result = openAIErrorForStatus(
        fault.status,
        typeof model === 'string' ? model : undefined,
        fault.overrides,
      );
    } else if (!req.headers.authorization && !req.headers['api-key']) result = missingApiKey();
    else {
      result = routed.route.handler({
        body: body && typeof body === 'object' ? (body as Record<string, unknown>) : {},
        headers: req.headers,
        params: routed.params,
      });
    }

    const wait = latencyMs + fault.latencyMs;
    if (wait > 0) await delay(wait);
    if (result.kind === 'json' && fault.breakAfterChunks !== undefined) {
      cutResponse(res);
      return;
    }
    const ms = performance.now() - started;
    const base = provided
      ? provided.provider.responseHeaders(ms)
      : {
          'x-request-id': requestId,
          'openai-processing-ms': String(Math.round(ms)),
          'openai-version': '2020-10-01',
        };
    if (result.kind === 'json') {
      send(res, base, result);
      return;
    }
    const parts: (string | Uint8Array)[] =
      result.kind === 'sse' ? result.events.map(formatSse) : result.chunks;
    res.writeHead(200, {
      'content-type':
        result.kind === 'sse' ? 'text/event-stream; charset=utf-8' : result.contentType,
      'cache-control': 'no-cache',
      ...base,
      ...(result.kind === 'stream' ? result.headers : undefined),
    });
    res.flushHeaders();
    const gap = fault.chunkDelayMs ?? chunkDelayMs;
    const cutAt = fault.breakAfterChunks;
    if (gap === 0 && cutAt === undefined) {
      // Nothing to pace or cut: one write keeps the benchmarks' per-request cost low.
      res.end(
        result.kind === 'sse' ? (parts as string[]).join('') : Buffer.concat(parts as Uint8Array[]),
      );
      return;
    }
    let flushed: Promise<void> = Promise.resolve();
    for (let i = 0; i < parts.length; i++) {
      // HTTP/2 responses (compatibility API) have no `destroyed`: ask their stream.
      if (res.destroyed || (res as { stream?: { destroyed: boolean } }).stream?.destroyed) return;
      if (cutAt !== undefined && i >= cutAt) {
        // Let the events before the cut reach the client, then drop the connection mid-body: what
        // a dying upstream looks like to a client.
        await flushed;
        cutResponse(res);
        return;
      }
      if (gap > 0 && i > 0) await delay(gap);
      const text = parts[i]!;
      if (cutAt === undefined) res.write(text);
      else flushed = new Promise((resolve) => res.write(text, () => resolve()));
    }
    res.end();
  }

  const listening = await listenDual(listener, options.port ?? 0, host);
  const port = listening.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    failNext(o: FailNextOptions) {
      queued.push(o);
    },
    reset() {
      requests.length = 0;
      queued.length = 0;
    },
    close() {
      return listening.close();
    },
  };
}

function findRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.path.exec(path);
    if (m) return { route, params: { ...m.groups } };
  }
  return undefined;
}

function faultFor(
  req: IncomingMessage,
  model: unknown,
  queued: FailNextOptions | undefined,
): Fault {
  const header = (name: string): number | undefined => {
    const v = req.headers[name];
    const n = typeof v === 'string' ? Number.parseInt(v, 10) : Number.NaN;
    return Number.isFinite(n) ? n : undefined;
  };
  const magic = typeof model === 'string' ? MAGIC_ERROR_MODEL.exec(model) : null;
  const status =
    queued?.status ?? header(FAULT_HEADERS.error) ?? (magic ? Number(magic[1]) : undefined);
  const fault: Fault = {
    overrides: queued ?? {},
    latencyMs: (queued?.latencyMs ?? 0) + (header(FAULT_HEADERS.latencyMs) ?? 0),
  };
  if (status !== undefined) fault.status = status;
  const breakAfter = queued?.breakAfterChunks ?? header(FAULT_HEADERS.streamBreakAfter);
  if (breakAfter !== undefined) fault.breakAfterChunks = breakAfter;
  const gap = queued?.chunkDelayMs ?? header(FAULT_HEADERS.chunkDelayMs);
  if (gap !== undefined) fault.chunkDelayMs = gap;
  const streamError = queued?.streamErrorAfterChunks ?? header(FAULT_HEADERS.streamErrorAfter);
  if (streamError !== undefined) fault.streamErrorAfterChunks = streamError;
  return fault;
}

function send(res: ServerResponse, base: Record<string, string>, result: HandlerResult): void {
  if (result.kind !== 'json') return;
  const payload = JSON.stringify(result.body);
  res.writeHead(result.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...base,
    ...result.headers,
  });
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (`:path`, `:method`) are transport, not request headers.
    if (v === undefined || REDACTED_HEADERS.has(k) || k.startsWith(':')) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
