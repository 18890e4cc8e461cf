/**
 * tail_sampling on spans received over OTLP, in a collector child process: the export pipeline
 * writes only the kept traces to a file — a late span of a kept trace included, the spans of a
 * trace dropped before its decision not — while genai_metrics, on the pipeline without tail
 * sampling, counts every call and the budget crossing of each conversation.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, readJsonlSpans } from '@genai-otel/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
let collector: ChildProcess | undefined;
let out = '';
afterAll(() => {
  collector?.kill('SIGKILL');
});

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out; collector output:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const int = (key: string, v: number) => ({ key, value: { intValue: String(v) } });

/** A chat call of trace `t` (1,000 input and 100 output tokens of gpt-4o-mini), OTLP JSON. */
function chat(t: number, s: number, error = false) {
  const start = 1_700_000_000_000_000_000n + BigInt(t) * 1_000_000_000n;
  return {
    traceId: hex(t, 32),
    spanId: hex(t * 16 + s, 16),
    name: 'chat gpt-4o-mini',
    kind: 3,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 500_000_000n),
    attributes: [
      str('gen_ai.operation.name', 'chat'),
      str('gen_ai.provider.name', 'openai'),
      str('gen_ai.request.model', 'gpt-4o-mini'),
      str('gen_ai.conversation.id', `conv-${t}`),
      int('gen_ai.usage.input_tokens', 1000),
      int('gen_ai.usage.output_tokens', 100),
    ],
    status: error ? { code: 2, message: 'rate limited' } : {},
  };
}

async function send(url: string, spans: object[]): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [str('service.name', 'py-agent')] },
          scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.openai' }, spans }],
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
}

describe('tail_sampling on OTLP input', () => {
  it('exports the kept traces whole, late spans following the decision; metrics see every call', async () => {
    const [h, p] = [await freePort(), await freePort()];
    const dir = mkdtempSync(join(tmpdir(), 'otlp-tail-'));
    const file = join(dir, 'spans.jsonl');
    const config = join(dir, 'collector.yaml');
    writeFileSync(
      config,
      `receivers:
  otlp: { protocols: { http: { endpoint: "127.0.0.1:${h}" } } }
processors:
  genai_cost: {}
  genai_budget:
    budgets: [{ scope: conversation, limit: 0.0003 }]
  tail_sampling:
    decision_wait: 300ms
    num_traces: 3
    policies:
      - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
connectors:
  genai_metrics: {}
exporters:
  file: { path: ${JSON.stringify(file)} }
  prometheus: { endpoint: "127.0.0.1:${p}" }
service:
  pipelines:
    traces/metrics: { receivers: [otlp], processors: [genai_cost, genai_budget], exporters: [genai_metrics] }
    traces/export: { receivers: [otlp], processors: [tail_sampling], exporters: [file] }
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
    const url = `http://127.0.0.1:${h}/v1/traces`;

    // Trace 1 fails (kept), trace 2 is fine (dropped); both decided 300 ms after they came.
    await send(url, [chat(1, 1), chat(1, 2, true), chat(2, 1), chat(2, 2)]);
    // A late span of each, once the decisions are made (300 ms wait, ticks every 30 ms: 1.5 s
    // leaves room on a loaded machine).
    await new Promise((r) => setTimeout(r, 1500));
    await send(url, [chat(1, 3), chat(2, 3)]);
    // Four traces at once into a buffer of three: trace 10 is dropped before its decision.
    await send(url, [chat(10, 1, true), chat(11, 1, true), chat(12, 1, true), chat(13, 1, true)]);

    const scrape = await (await fetch(`http://127.0.0.1:${p}/metrics`)).text();
    collector.kill('SIGTERM');
    await until(() => out.includes('flushed'), 15_000);

    const spans = await readJsonlSpans(file);
    const byTrace = (t: number) => spans.filter((s) => s.traceId === hex(t, 32)).length;
    expect([1, 2, 10, 11, 12, 13].map(byTrace)).toEqual([3, 0, 0, 1, 1, 1]);
    // Every call counted and priced: 10 calls of 1,000 input + 100 output tokens of gpt-4o-mini
    // (0.15 and 0.60 USD per million): 10 × 0.00021 USD.
    const cost = Number(/^gen_ai_client_cost_total\{[^}]*\} (\S+)$/m.exec(scrape)?.[1]);
    expect(cost).toBeCloseTo(0.0021, 12);
    // Conversations 1 and 2 crossed their 0.0003 USD at their second call (0.00042); the
    // one-call conversations 10–13 (0.00021) did not.
    expect(scrape).toMatch(
      /^gen_ai_budget_exceeded_total\{[^}]*gen_ai_budget_name="conversation"[^}]*\} 2$/m,
    );
  }, 60_000);
});
