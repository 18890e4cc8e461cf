/**
 * A local LangSmith-compatible API for tests: `GET /info`, `POST /runs/multipart` (multipart/form-data,
 * optionally gzip, decoded as the real API does: `post.<id>`, `patch.<id>` and their
 * `.inputs|.outputs|.events|.extra|.error|.serialized` parts), `POST /runs/batch`, and
 * `POST /runs` / `PATCH /runs/:id`. It records every run and request and can inject faults.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export type Run = Record<string, unknown> & { id: string };

export interface RecordedIngest {
  method: string;
  path: string;
  status: number;
  gzip: boolean;
  /** Ids of the runs the request carried (post and patch). */
  runIds: string[];
  apiKey: string | undefined;
}

export interface Fault {
  /** Answer with this status (and a JSON error body). */
  status?: number;
  /** `Retry-After` header, in seconds. */
  retryAfter?: number;
  /** Wait this long before answering, in ms. */
  delayMs?: number;
  /** Cut the connection without an answer. */
  destroy?: boolean;
  /** Consecutive ingest requests it applies to; default 1. */
  times?: number;
}

export interface ServerInfo {
  version?: string;
  batch_ingest_config?: {
    use_multipart_endpoint?: boolean;
    size_limit?: number;
    size_limit_bytes?: number;
  };
  instance_flags?: { gzip_body_enabled?: boolean };
}

export interface LangSmithServerOptions {
  info?: ServerInfo;
  /** Answer 404 on `/runs/multipart`, as an older self-hosted LangSmith does. */
  noMultipart?: boolean;
  /** Refuse requests whose body is larger than this many bytes (decompressed) with 413. */
  maxBodyBytes?: number;
}

export interface LangSmithServer {
  readonly url: string;
  /** Runs by id, post and patch merged. */
  readonly runs: Map<string, Run>;
  readonly ingests: RecordedIngest[];
  /** `GET /info` calls seen. */
  infoCalls: number;
  failNext(fault: Fault): void;
  /** Resolves once at least `count` runs are stored. */
  waitForRuns(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_INFO: ServerInfo = {
  version: '0.10.0',
  batch_ingest_config: {
    use_multipart_endpoint: true,
    size_limit: 100,
    size_limit_bytes: 20_971_520,
  },
  instance_flags: { gzip_body_enabled: true },
};

const FIELD_PARTS = new Set(['inputs', 'outputs', 'events', 'extra', 'error', 'serialized']);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

/** The parts of a multipart/form-data body: name → JSON value. */
export function parseMultipart(
  body: Buffer,
  contentType: string,
): { name: string; value: unknown }[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!match) throw new Error('multipart body without boundary');
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  const parts: { name: string; value: unknown }[] = [];
  let at = body.indexOf(boundary);
  while (at !== -1) {
    const start = at + boundary.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(boundary, start);
    if (next === -1) throw new Error('unterminated multipart body');
    const part = body.subarray(start + 2, next - 2); // skip CRLF after boundary, before next
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString();
    const name = /name="([^"]+)"/.exec(headers)?.[1];
    if (!name) throw new Error(`part without a name: ${headers}`);
    parts.push({ name, value: JSON.parse(part.subarray(split + 4).toString()) });
    at = next;
  }
  return parts;
}

export async function startLangSmithServer(
  options: LangSmithServerOptions = {},
): Promise<LangSmithServer> {
  const runs = new Map<string, Run>();
  const ingests: RecordedIngest[] = [];
  const faults: Fault[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let infoCalls = 0;

  function store(id: string, fields: Record<string, unknown>): void {
    runs.set(id, { ...(runs.get(id) ?? {}), ...fields, id } as Run);
    for (const w of waiters.splice(0)) {
      if (runs.size >= w.count) w.resolve();
      else waiters.push(w);
    }
  }

  function takeFault(): Fault | undefined {
    const fault = faults[0];
    if (fault === undefined) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) faults.shift();
    return fault;
  }

  function json(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  async function ingest(req: IncomingMessage, res: ServerResponse, path: string) {
    const body = await readBody(req);
    const record: RecordedIngest = {
      method: req.method ?? '',
      path,
      status: 0,
      gzip: req.headers['content-encoding'] === 'gzip',
      runIds: [],
      apiKey: req.headers['x-api-key'] as string | undefined,
    };
    ingests.push(record);
    const fault = takeFault();
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.destroy) {
      record.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      record.status = fault.status;
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
      json(res, fault.status, { detail: `injected ${fault.status}` }, headers);
      return;
    }
    if (path === '/runs/multipart' && options.noMultipart) {
      record.status = 404;
      json(res, 404, { detail: 'Not Found' });
      return;
    }
    if (options.maxBodyBytes !== undefined && body.length > options.maxBodyBytes) {
      record.status = 413;
      json(res, 413, { detail: 'Payload Too Large' });
      return;
    }
    const ops: { op: 'post' | 'patch'; id: string; fields: Record<string, unknown> }[] = [];
    if (path === '/runs/multipart') {
      const byRun = new Map<
        string,
        { op: 'post' | 'patch'; id: string; fields: Record<string, unknown> }
      >();
      for (const { name, value } of parseMultipart(body, String(req.headers['content-type']))) {
        const [op, id, field] = name.split('.');
        if ((op !== 'post' && op !== 'patch') || !id) continue;
        const key = `${op}.${id}`;
        let entry = byRun.get(key);
        if (!entry) {
          entry = { op, id, fields: {} };
          byRun.set(key, entry);
          ops.push(entry);
        }
        if (field === undefined) Object.assign(entry.fields, value as object);
        else if (FIELD_PARTS.has(field)) entry.fields[field] = value;
      }
    } else if (path === '/runs/batch') {
      const parsed = JSON.parse(body.toString()) as { post?: Run[]; patch?: Run[] };
      for (const run of parsed.post ?? []) ops.push({ op: 'post', id: run.id, fields: run });
      for (const run of parsed.patch ?? []) ops.push({ op: 'patch', id: run.id, fields: run });
    } else {
      const run = JSON.parse(body.toString()) as Run;
      const id = path === '/runs' ? run.id : path.slice('/runs/'.length);
      ops.push({ op: path === '/runs' ? 'post' : 'patch', id, fields: run });
    }
    // As the real API: runs sent for ingestion need their place in the trace.
    for (const { op, id, fields } of ops) {
      if (op === 'post' && path !== '/runs' && (!fields.trace_id || !fields.dotted_order)) {
        record.status = 422;
        json(res, 422, { detail: `run ${id} lacks trace_id or dotted_order` });
        return;
      }
    }
    for (const { id, fields } of ops) {
      record.runIds.push(id);
      store(id, fields);
    }
    record.status = 202;
    json(res, 202, {});
  }

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    void (async () => {
      try {
        if (req.method === 'GET' && path === '/info') {
          infoCalls++;
          json(res, 200, { ...DEFAULT_INFO, ...options.info });
        } else if (
          (req.method === 'POST' &&
            (path === '/runs/multipart' || path === '/runs/batch' || path === '/runs')) ||
          (req.method === 'PATCH' && path.startsWith('/runs/'))
        ) {
          await ingest(req, res, path);
        } else {
          // The langsmith client also looks up projects and settings; none of it matters here.
          json(res, 404, { detail: 'Not Found' });
        }
      } catch (error) {
        json(res, 400, { detail: String(error) });
      }
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    runs,
    ingests,
    get infoCalls() {
      return infoCalls;
    },
    set infoCalls(n: number) {
      infoCalls = n;
    },
    failNext(fault) {
      faults.push({ ...fault });
    },
    waitForRuns(count, timeoutMs = 10_000) {
      if (runs.size >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`waited for ${count} runs, got ${runs.size}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
