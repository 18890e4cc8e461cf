/**
 * The transport under the official OTLP export delegate (`createOtlpNetworkExportDelegate` takes
 * one, as `otlp-export-delegate.ts` composes an exporter from parts): ONE attempt per call, over
 * our unref'd agent, aborted with the export queue's attempt. Retries are the shared export
 * queue's (exporter-helper), from `retry_on_failure`; the official retrying transport is not used
 * (its fixed five attempts ignore the setting, and its ref'd timers held finished apps alive).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import {
  attemptSignal,
  isRetryableStatus,
  parseRetryAfter,
  withRetryAfter,
} from '@genai-otel/exporter-helper';
import type { ExportResponse, IExporterTransport } from '@opentelemetry/otlp-exporter-base';
import { OTLPExporterError } from '@opentelemetry/otlp-exporter-base';
import type { ExporterAgents } from './agents.js';

const gzip = promisify(gzipCallback);

export interface OtlpHttpTransportOptions {
  url: string;
  headers: Record<string, string>;
  contentType: string;
  compression: 'gzip' | 'none';
  agents: ExporterAgents;
  /**
   * Called with a request's bytes once nothing reads them any more (compressed, or written out in
   * full), so their buffer can serve the next request. Not called when a request ends before its
   * body was written out (the bytes are then simply garbage).
   */
  release?: (data: Uint8Array) => void;
}

export class OtlpHttpTransport implements IExporterTransport {
  readonly #o: OtlpHttpTransportOptions;
  readonly #url: URL;

  constructor(options: OtlpHttpTransportOptions) {
    this.#o = options;
    this.#url = new URL(options.url);
  }

  async send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse> {
    const signal = attemptSignal();
    const release = this.#o.release;
    try {
      let body = data;
      if (this.#o.compression === 'gzip') {
        body = await gzip(data);
        release?.(data);
      }
      const agent = await this.#o.agents.factory(this.#url.protocol);
      return await this.#post(
        body,
        timeoutMillis,
        agent,
        signal,
        body === data ? release : undefined,
      );
    } catch (error) {
      return {
        status: 'failure',
        error: error instanceof Error ? error : new Error(String(error)),
      };
    }
  }

  shutdown(): void {
    this.#o.agents.unref();
  }

  #post(
    body: Uint8Array,
    timeoutMillis: number,
    agent: Awaited<ReturnType<ExporterAgents['factory']>>,
    signal: AbortSignal | undefined,
    release: ((data: Uint8Array) => void) | undefined,
  ): Promise<ExportResponse> {
    // `node:https` (TLS, crypto: ~35 ms and 8 MiB at start-up) only once an https endpoint posts.
    const request =
      this.#url.protocol === 'http:' ? httpRequest : process.getBuiltinModule('node:https').request;
    const headers: Record<string, string | number> = {
      ...this.#o.headers,
      'Content-Type': this.#o.contentType,
      'Content-Length': body.byteLength,
    };
    if (this.#o.compression === 'gzip') headers['Content-Encoding'] = 'gzip';
    return new Promise((resolve) => {
      const req = request(
        this.#url,
        {
          method: 'POST',
          agent,
          headers,
          timeout: timeoutMillis,
          ...(signal ? { signal } : {}),
        },
        (res) => readResponse(res, resolve),
      );
      req.on('error', (error) => resolve({ status: 'failure', error }));
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error('Request timed out'), { code: 'ETIMEDOUT' })),
      );
      if (release) {
        // Only once the whole body went to the socket: a request cut short may still hold it.
        req.once('close', () => {
          if (req.writableFinished) release(body);
        });
      }
      req.end(body);
    });
  }
}

function readResponse(res: IncomingMessage, resolve: (r: ExportResponse) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('error', (error) => resolve({ status: 'failure', error }));
  res.on('end', () => {
    const status = res.statusCode ?? 0;
    const data = Buffer.concat(chunks);
    if (status >= 200 && status < 300) {
      resolve({ status: 'success', data });
      return;
    }
    const message = res.statusMessage || `HTTP ${status}`;
    const error = new OTLPExporterError(message, status, data.toString('utf8', 0, 512));
    if (isRetryableStatus(status)) {
      const wait = parseRetryAfter(headerOf(res, 'retry-after'));
      resolve({
        status: 'retryable',
        ...(wait !== undefined ? { retryInMillis: wait } : {}),
        error: withRetryAfter(error, wait),
      });
      return;
    }
    resolve({ status: 'failure', error });
  });
}

function headerOf(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
