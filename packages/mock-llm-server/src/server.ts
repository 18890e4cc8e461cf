import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  anthropicAuthorized,
  anthropicErrorForStatus,
  anthropicMissingKey,
} from './anthropic/errors.js';
import { messages as anthropicMessages } from './anthropic/messages.js';
import { hexId } from './ids.js';
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
import { formatSse } from './sse.js';
import type {
  FailNextOptions,
  HandlerRequest,
  HandlerResult,
  MockLLMServer,
  MockLLMServerOptions,
  RecordedRequest,
} from './types.js';

interface Route {
  method: string;
  path: RegExp;
  handler: (req: HandlerRequest) => HandlerResult;
  /** A provider other than OpenAI: its own auth header and error bodies. */
  provider?: ProviderRules;
}

interface ProviderRules {
  authorized(headers: IncomingMessage['headers']): boolean;
  missingKey(): HandlerResult;
  errorForStatus(status: number, model: string | undefined, o: FailNextOptions): HandlerResult;
}

const ANTHROPIC: ProviderRules = {
  authorized: anthropicAuthorized,
  missingKey: anthropicMissingKey,
  errorForStatus: anthropicErrorForStatus,
};

const ROUTES: Route[] = [
  { method: 'POST', path: /^\/v1\/chat\/completions$/, handler: chatCompletions },
  { method: 'POST', path: /^\/v1\/responses$/, handler: responses },
  { method: 'POST', path: /^\/v1\/embeddings$/, handler: embeddings },
  { method: 'GET', path: /^\/v1\/models$/, handler: listModels },
  { method: 'GET', path: /^\/v1\/models\/(?<model>[^/]+)$/, handler: retrieveModel },
  { method: 'POST', path: /^\/v1\/messages$/, handler: anthropicMessages, provider: ANTHROPIC },
];

/** Request headers that let a child process (which cannot call `failNext`) inject faults. */
export const FAULT_HEADERS = {
  error: 'x-mock-error',
  streamBreakAfter: 'x-mock-stream-break-after',
  latencyMs: 'x-mock-latency-ms',
  chunkDelayMs: 'x-mock-chunk-delay-ms',
} as const;

/** A model named `mock-error-<status>` answers with that status, like `x-mock-error`. */
const MAGIC_ERROR_MODEL = /^mock-error-(\d{3})$/;

const REDACTED_HEADERS = new Set(['authorization', 'api-key', 'x-api-key']);

interface Fault {
  status?: number;
  overrides: FailNextOptions;
  breakAfterChunks?: number;
  latencyMs: number;
  chunkDelayMs?: number;
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

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        const message = err instanceof Error ? err.message : String(err);
        send(res, hexId('req_', 16), openAIError(500, message, 'server_error'));
      } else {
        res.destroy();
      }
    });
  });

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

    const fault = faultFor(req, body, takeQueued());
    let result: HandlerResult;
    const routed = findRoute(req.method ?? 'GET', url.pathname);
    const model = (body as { model?: unknown } | undefined)?.model;
    if (!routed) result = invalidUrl(req.method ?? 'GET', url.pathname);
    else if (badJson) result = invalidJson();
    else if (fault.status !== undefined && routed.route.provider)
      result = routed.route.provider.errorForStatus(
        fault.status,
        typeof model === 'string' ? model : undefined,
        fault.overrides,
      );
    else if (routed.route.provider && !routed.route.provider.authorized(req.headers))
      result = routed.route.provider.missingKey();
    else if (fault.status !== undefined) {
      result = openAIErrorForStatus(
        fault.status,
        typeof model === 'string' ? model : undefined,
        fault.overrides,
      );
    } else if (!routed.route.provider && !req.headers.authorization && !req.headers['api-key'])
      result = missingApiKey();
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
      res.destroy();
      return;
    }
    if (result.kind === 'json') {
      send(res, requestId, result, performance.now() - started);
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': requestId,
      'openai-processing-ms': String(Math.round(performance.now() - started)),
      'openai-version': '2020-10-01',
    });
    res.flushHeaders();
    const gap = fault.chunkDelayMs ?? chunkDelayMs;
    const cutAt = fault.breakAfterChunks;
    if (gap === 0 && cutAt === undefined) {
      // Nothing to pace or cut: one write keeps the benchmarks' per-request cost low.
      res.end(result.events.map(formatSse).join(''));
      return;
    }
    let flushed: Promise<void> = Promise.resolve();
    for (let i = 0; i < result.events.length; i++) {
      if (res.destroyed) return;
      if (cutAt !== undefined && i >= cutAt) {
        // Let the events before the cut reach the client, then drop the connection mid-body: what
        // a dying upstream looks like to a client.
        await flushed;
        res.destroy();
        return;
      }
      if (gap > 0 && i > 0) await delay(gap);
      const text = formatSse(result.events[i]!);
      if (cutAt === undefined) res.write(text);
      else flushed = new Promise((resolve) => res.write(text, () => resolve()));
    }
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
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
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
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

function faultFor(req: IncomingMessage, body: unknown, queued: FailNextOptions | undefined): Fault {
  const header = (name: string): number | undefined => {
    const v = req.headers[name];
    const n = typeof v === 'string' ? Number.parseInt(v, 10) : Number.NaN;
    return Number.isFinite(n) ? n : undefined;
  };
  const model = (body as { model?: unknown } | undefined)?.model;
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
  return fault;
}

function send(res: ServerResponse, requestId: string, result: HandlerResult, ms = 0): void {
  if (result.kind !== 'json') return;
  const payload = JSON.stringify(result.body);
  res.writeHead(result.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-request-id': requestId,
    'openai-processing-ms': String(Math.round(ms)),
    'openai-version': '2020-10-01',
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
    if (v === undefined || REDACTED_HEADERS.has(k)) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
