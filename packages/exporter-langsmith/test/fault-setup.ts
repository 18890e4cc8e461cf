import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import type { ExportResult } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterEach } from 'vitest';
import { LangSmithSpanExporter, type LangSmithSpanExporterOptions } from '../src/index.js';
import { captureLog } from './harness.js';
import {
  type LangSmithServer,
  type LangSmithServerOptions,
  startLangSmithServer,
} from './langsmith-server.js';

// Exporters driven directly (no batch processor in front) against a local LangSmith with
// injected faults, or against a closed port.

export const memory = new InMemorySpanExporter();
const provider = new TracerProvider({
  spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
});
export const tracer = provider.getTracer('faults');

/** `n` finished root spans (chat calls), with `content` as their prompt. */
export function spans(n: number, content = 'hi'): ReadableSpan[] {
  memory.reset();
  for (let i = 0; i < n; i++) {
    tracer
      .startSpan(`chat ${i}`, {
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
          [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify([
            { role: 'user', parts: [{ type: 'text', content }] },
          ]),
        },
      })
      .end();
  }
  return memory.getFinishedSpans();
}

export function exportSpans(exporter: LangSmithSpanExporter, batch: ReadableSpan[]) {
  const started = Date.now();
  return new Promise<{ result: ExportResult; ms: number }>((resolve) => {
    exporter.export(batch, (result) => resolve({ result, ms: Date.now() - started }));
  });
}

export async function closedPortUrl(): Promise<string> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

export const code = (r: ExportResult) => (r.error as { code?: unknown } | undefined)?.code;

/**
 * `setup(server, options)`: a LangSmith server with `server` options (`null`: a closed port
 * instead) and an exporter pointed at it, both closed after each test.
 */
export function useFaultSetup() {
  const open: { server?: LangSmithServer; exporter: LangSmithSpanExporter }[] = [];
  afterEach(async () => {
    for (const { server, exporter } of open.splice(0)) {
      await exporter.shutdown();
      await server?.close();
    }
  });
  return async function setup(
    server: LangSmithServerOptions | null,
    options: LangSmithSpanExporterOptions = {},
  ) {
    const s = server === null ? undefined : await startLangSmithServer(server);
    const log = captureLog();
    const exporter = new LangSmithSpanExporter({
      apiUrl: s?.url ?? (await closedPortUrl()),
      apiKey: 'k',
      timeoutMs: 1_500,
      logger: log,
      ...options,
    });
    open.push({ server: s, exporter });
    return { server: s!, exporter, log };
  };
}
