/**
 * The collector path end to end, every piece a real process or a real client: a collector child
 * process (the sdk, the default registry, the otlp receiver over HTTP and gRPC) pricing with
 * genai_cost, counting with genai_metrics → prometheus, exporting with otlp_http (to the test
 * receiver) and file; the official OTLP exporters (protobuf, JSON, gRPC) in child processes
 * sending the spans Python's OpenLLMetry, OpenInference and OTel GenAI instrumentations send.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_SOURCE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { freePort, readJsonlSpans, runNode, startOtlpReceiver } from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs fixture shared with the client processes
import { FIXTURES } from './fixtures/python-genai-spans.mjs';

const fixtures = FIXTURES as Record<
  string,
  { service: string; name: string; cost: number; attributes: Record<string, unknown> }
>;
const here = fileURLToPath(new URL('.', import.meta.url));
const COPIES = 3;
/** Which exporter each fixture's service uses. */
const SENDS: [string, 'proto' | 'json' | 'grpc', string][] = [
  ['openllmetry', 'proto', 'gpt-4o-mini'],
  // The requested model, read from OpenInference's invocation parameters.
  ['openinference', 'json', 'gpt-4o'],
  ['otel-genai', 'grpc', 'gpt-4.1-mini'],
];

let downstream: Awaited<ReturnType<typeof startOtlpReceiver>>;
let collector: ChildProcess;
let out = '';
let http = '';
let grpc = '';
let prometheus = '';
let file = '';

beforeAll(async () => {
  downstream = await startOtlpReceiver();
  const [h, g, p] = [await freePort(), await freePort(), await freePort()];
  http = `http://127.0.0.1:${h}`;
  grpc = `http://127.0.0.1:${g}`;
  prometheus = `http://127.0.0.1:${p}/metrics`;
  const dir = mkdtempSync(join(tmpdir(), 'otlp-collector-'));
  file = join(dir, 'spans.jsonl');
  const config = join(dir, 'collector.yaml');
  writeFileSync(
    config,
    `receivers:
  otlp:
    protocols:
      http: { endpoint: "127.0.0.1:${h}", max_request_body_size: 65536 }
      grpc: { endpoint: "127.0.0.1:${g}" }
processors:
  genai_cost: {}
  batch: { timeout: 60s, send_batch_size: 512 }
connectors:
  genai_metrics: {}
exporters:
  otlp_http/downstream: { endpoint: "${downstream.url}" }
  file: { path: ${JSON.stringify(file)} }
  prometheus: { endpoint: "127.0.0.1:${p}" }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [genai_cost, batch], exporters: [otlp_http/downstream, file, genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [prometheus] }
`,
  );
  collector = spawn(process.execPath, [join(here, 'fixtures/collector.mjs')], {
    env: { ...process.env, CONFIG: config },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  collector.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  collector.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  await until(() => out.includes('ready'), 15_000);
}, 30_000);

afterAll(async () => {
  collector?.kill('SIGKILL');
  await downstream?.close();
});

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out; collector output:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function send(fixture: string, protocol: 'proto' | 'json' | 'grpc') {
  return runNode([join(here, 'fixtures/otlp-client.mjs')], {
    env: {
      FIXTURE: fixture,
      PROTOCOL: protocol,
      COUNT: String(COPIES),
      URL: protocol === 'grpc' ? grpc : `${http}/v1/traces`,
    },
    timeoutMs: 20_000,
  });
}

describe('genai-otel as a collector (otlp receiver → genai_cost → exporters, genai_metrics → prometheus)', () => {
  it('prices, counts and exports the spans of Python services sent by the official OTLP exporters; bad payloads are refused while the valid ones arrive; SIGTERM flushes', async () => {
    const clients = SENDS.map(([fixture, protocol]) => send(fixture, protocol));
    // Between the valid requests: a malformed body (400), an oversized one (413, over 64 KiB
    // unpacked), an unsupported type (415).
    const garbage = await fetch(`${http}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1]),
    });
    const oversized = await fetch(`${http}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(Buffer.from(JSON.stringify({ resourceSpans: [], pad: 'x'.repeat(100_000) }))),
    });
    const text = await fetch(`${http}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'spans',
    });
    expect([garbage.status, oversized.status, text.status]).toEqual([400, 413, 415]);
    for (const result of await Promise.all(clients)) {
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('sent\n');
    }

    // Counted by genai_metrics as they arrived (the batch queue holds them for 60 s).
    const metrics = await (await fetch(prometheus)).text();
    for (const [name, , model] of SENDS) {
      const f = fixtures[name]!;
      const line = metrics
        .split('\n')
        .find(
          (l) =>
            l.startsWith('gen_ai_client_cost_total{') &&
            l.includes(`gen_ai_request_model="${model}"`),
        );
      expect(line, `cost line for ${name} in\n${metrics}`).toBeDefined();
      expect(Number(line!.split(' ').at(-1))).toBeCloseTo(COPIES * f.cost, 15);
    }
    expect(metrics).toMatch(
      /^gen_ai_client_token_usage_sum\{[^}]*gen_ai_request_model="gpt-4o-mini"[^}]*gen_ai_token_type="input"[^}]*\} 3000$/m,
    );
    expect(metrics).toMatch(
      /^gen_ai_client_token_usage_sum\{[^}]*gen_ai_request_model="gpt-4.1-mini"[^}]*gen_ai_token_type="output"[^}]*\} 1200$/m,
    );
    expect(downstream.spans()).toHaveLength(0);

    // SIGTERM: the queues flush before the process exits.
    const exited = new Promise<number | null>((resolve) => collector.once('exit', resolve));
    collector.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('flushed');
    expect(out).not.toContain('stopped waiting');
    expect(out).not.toContain('dropped');
    expect(out).toContain(
      'receiver otlp: refused 1 malformed request(s), 1 request(s) over the size limit',
    );

    const exported = downstream.spans();
    expect(exported).toHaveLength(3 * COPIES);
    const written = await readJsonlSpans(file);
    expect(written).toHaveLength(3 * COPIES);
    for (const [name] of SENDS) {
      const f = fixtures[name]!;
      for (const spans of [exported, written]) {
        const mine = spans.filter((s) => s.resource['service.name'] === f.service);
        expect(mine).toHaveLength(COPIES);
        for (const s of mine) {
          expect(s.name).toBe(f.name);
          // Every attribute the service sent arrives as sent, with the cost added.
          expect(s.attributes).toMatchObject(f.attributes);
          expect(s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(f.cost, 15);
          expect(s.attributes[ATTR_GEN_AI_USAGE_COST_SOURCE]).toBe('local');
        }
      }
    }
    // Peers' usage names are normalised to the conventions' for every backend.
    const openinference = exported.find((s) => s.name === 'ChatCompletion')!;
    expect(openinference.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(2000);
  }, 60_000);
});
