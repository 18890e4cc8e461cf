/**
 * `genai-otel collector` as a real child process: it starts, stays up, and on SIGTERM/SIGINT
 * flushes what its pipelines hold and exits 0 within the shutdown bound, even with a hung
 * exporter. Spans are fed by a `--import` fixture through the global API until the otlp receiver
 * can be driven over the wire.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, readJsonlSpans } from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/genai-otel.js', import.meta.url));
const EMIT = fileURLToPath(new URL('./fixtures/emit-spans.mjs', import.meta.url));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From the signal to the child's exit. */
  stopMs: number;
}

/** Starts the collector, sends `signal` once the fixture's spans are in, waits for the exit. */
function runCollector(
  args: string[],
  env: Record<string, string> = {},
  signal: NodeJS.Signals | null = 'SIGTERM',
  secondSignal = false,
): Promise<Run> {
  const child = spawn(process.execPath, ['--import', EMIT, BIN, 'collector', ...args], {
    env: { ...process.env, OTEL_SERVICE_NAME: 'cli-collector-test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalledAt = 0;
  const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (signal && !signalledAt && stdout.includes('emitted')) {
      signalledAt = performance.now();
      child.kill(signal);
      if (secondSignal) setTimeout(() => child.kill(signal), 50);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    child.once('close', (code, sig) => {
      clearTimeout(kill);
      resolve({ code, signal: sig, stdout, stderr, stopMs: performance.now() - signalledAt });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genai-otel-cli-collector-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function config(name: string, exporters: string, pipelineExporters: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(
    file,
    `receivers:
  genai: { instrumentations: [] }
processors:
  batch: { timeout: 30s }          # nothing leaves before the shutdown flush
exporters:
${exporters}
service:
  pipelines:
    traces: { receivers: [genai], processors: [batch], exporters: [${pipelineExporters}] }
`,
  );
  return file;
}

describe('genai-otel collector', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`runs until ${signal}, then flushes every span and exits 0`, async () => {
      const out = join(dir, `${signal}.jsonl`);
      const file = await config(
        `${signal}.yaml`,
        `  file: { path: ${JSON.stringify(out)} }`,
        'file',
      );
      const run = await runCollector(['--config', file], {}, signal);
      expect(run.stdout).toContain(
        `genai-otel collector: running 1 pipeline: traces [genai → batch → file] from ${file}`,
      );
      expect(run.stderr).toContain(
        `genai-otel: ${signal}: flushing and stopping (at most 5000 ms)`,
      );
      expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
      const spans = await readJsonlSpans(out);
      expect(spans.map((s) => s.name).sort()).toEqual([
        'fixture-span-0',
        'fixture-span-1',
        'fixture-span-2',
      ]);
      expect(spans[0]?.resource['service.name']).toBe('cli-collector-test');
    });
  }

  describe('with a hung endpoint', () => {
    let server: Server;
    let port: number;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      port = await freePort();
      // Accepts connections and reads requests, never answers.
      server = createServer((s) => {
        sockets.push(s);
        s.resume();
      });
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    });

    it('stops within GENAI_OTEL_SHUTDOWN_TIMEOUT_MS and says what it dropped, once', async () => {
      const file = await config(
        'hung.yaml',
        `  otlp_http: { endpoint: "http://127.0.0.1:${port}", timeout: 30s }`,
        'otlp_http',
      );
      const run = await runCollector(['--config', file], { GENAI_OTEL_SHUTDOWN_TIMEOUT_MS: '500' });
      expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
      // The bound (500 ms), the backstop margin (1 s) and process teardown: never the 30 s timeout.
      expect(run.stopMs).toBeLessThan(3_000);
      const drops = run.stderr.split('\n').filter((l) => l.includes('exporter otlp_http'));
      expect(drops).toHaveLength(1);
      expect(drops[0]).toMatch(/dropped 3 spans/);
    });
  });

  it('a second signal while flushing exits at once with 128+signal', async () => {
    const port = await freePort();
    const server = createServer((s) => s.resume());
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    try {
      const file = await config(
        'twice.yaml',
        `  otlp_http: { endpoint: "http://127.0.0.1:${port}", timeout: 30s }`,
        'otlp_http',
      );
      const run = await runCollector(
        ['--config', file],
        { GENAI_OTEL_SHUTDOWN_TIMEOUT_MS: '10000' },
        'SIGTERM',
        true,
      );
      expect(run.code).toBe(143);
      expect(run.stderr).toContain('SIGTERM again: exiting without waiting for the flush');
      expect(run.stopMs).toBeLessThan(5_000);
    } finally {
      server.close();
    }
  });

  it('a bad config: every problem with file:line:col, exit 78, nothing started', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      `receivers:
  genai: { instrumentations: [] }
exporters:
  otlp_http: { endpoint: "http://127.0.0.1:4318", timeout: soon }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [otlp_http, nowhere] }
`,
    );
    const run = await runCollector(['--config', file], {}, null);
    expect(run.code).toBe(78);
    expect(run.stdout).not.toContain('running');
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe(`genai-otel collector: configuration error in ${file}:`);
    expect(
      lines.some((l) => l.startsWith(`${file}:4:`) && l.includes('exporters.otlp_http.timeout')),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith(`${file}:7:`) && l.includes('nowhere'))).toBe(true);
    expect(lines.at(-1)).toBe('genai-otel collector: not started (exit 78)');
  });

  it('a missing file exits 78; no --config at all is a usage error (64)', async () => {
    const missing = await runCollector(['--config', join(dir, 'absent.yaml')], {}, null);
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain('absent.yaml');
    const none = await runCollector([], { GENAI_OTEL_CONFIG: '' }, null);
    expect(none.code).toBe(64);
    expect(none.stderr).toContain('collector needs --config FILE (or GENAI_OTEL_CONFIG)');
  });
});
