/**
 * `genai-otel report` on a span file the real pipeline wrote (span-fixture.ts): every figure is
 * compared with a sum or a nearest-rank percentile computed by hand from the fixture's table.
 */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import type { Report } from '../src/report/summarize.js';
import { bufferIO } from './buffer-io.js';
import { writeSpanFixture } from './span-fixture.js';

let dir: string;
let spans: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genai-otel-cli-report-'));
  spans = await writeSpanFixture(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function jsonReport(...args: string[]): Promise<Report> {
  const io = bufferIO();
  expect(await main(['report', spans, '--json', ...args], io)).toBe(0);
  expect(io.stderr()).toBe('');
  return JSON.parse(io.stdout()) as Report;
}

const close = (v: number | undefined) => expect.closeTo(v as number, 12);

describe('genai-otel report', () => {
  it('totals: 17 spans, 7 calls, tokens, cost and nearest-rank percentiles', async () => {
    const r = await jsonReport();
    expect(r.spans).toBe(17);
    expect(r.traces).toBe(4);
    const t = r.totals;
    expect(t.calls).toBe(7);
    expect(t.errors).toBe(1);
    expect(t.tokens).toEqual({ input: 6610, output: 660, cacheRead: 1000, cacheWrite: 0 });
    // 0.0012 + 0.021 + 0.0006 + 0.0036 + 0.0001 (fixture-unpriced has no cost)
    expect(t.costUsd).toEqual(close(0.0265));
    expect(t.unpricedCalls).toBe(1);
    // durations 10, 50, 100, 100, 200, 300, 400: ranks ⌈.5·7⌉=4, ⌈.95·7⌉=7, ⌈.99·7⌉=7
    expect(t.latencyMs).toEqual({ p50: 100, p95: 400, p99: 400 });
  });

  it('by model, most expensive first', async () => {
    const r = await jsonReport('--by', 'model');
    expect(r.byConversation).toBeUndefined();
    expect(r.byModel.map((m) => m.key)).toEqual([
      'fixture-large',
      'fixture-small',
      'fixture-unpriced',
    ]);
    const [large, small, unpriced] = r.byModel;
    expect(large).toMatchObject({
      calls: 1,
      errors: 0,
      tokens: { input: 2000, output: 200, cacheRead: 1000, cacheWrite: 0 },
      latencyMs: { p50: 300, p95: 300, p99: 300 },
    });
    // (1000 uncached · 10 + 1000 cached · 5 + 200 · 30) / 1e6
    expect(large?.costUsd).toEqual(close(0.021));
    // calls of 100, 50, 400, 200 (embeddings) and 10 ms (the failed one, no usage)
    expect(small).toMatchObject({
      calls: 5,
      errors: 1,
      tokens: { input: 4600, output: 450, cacheRead: 0 },
      unpricedCalls: 0,
      latencyMs: { p50: 100, p95: 400, p99: 400 },
    });
    expect(small?.costUsd).toEqual(close(0.0055));
    expect(unpriced).toMatchObject({ calls: 1, costUsd: 0, unpricedCalls: 1 });
  });

  it('by conversation and tenant, found on the ancestors of each call', async () => {
    const r = await jsonReport('--by', 'conversation,tenant');
    expect(r.byModel).toBeUndefined();
    const conv = Object.fromEntries(r.byConversation.map((c) => [c.key, c]));
    expect(conv['c-1']).toMatchObject({
      calls: 3,
      tokens: { input: 3500, output: 350 },
      latencyMs: { p50: 100, p95: 300, p99: 300 },
    });
    expect(conv['c-1']?.costUsd).toEqual(close(0.0228));
    expect(conv['c-2']).toMatchObject({
      calls: 2,
      tokens: { input: 3010, output: 310 },
      unpricedCalls: 1,
      latencyMs: { p50: 100, p95: 400, p99: 400 },
    });
    expect(conv['c-2']?.costUsd).toEqual(close(0.0036));
    expect(conv['(none)']).toMatchObject({
      calls: 2,
      errors: 1,
      latencyMs: { p50: 10, p95: 200, p99: 200 },
    });
    expect(r.byTenant.map((t) => [t.key, t.calls])).toEqual([
      ['t-a', 3],
      ['t-b', 2],
      ['(none)', 2],
    ]);
  });

  it('by agent: calls inside each agent, and the agent invocations themselves', async () => {
    const r = await jsonReport('--by', 'agent');
    const agents = Object.fromEntries(r.byAgent.map((a) => [a.key, a]));
    expect(r.byAgent.map((a) => a.key)).toEqual(['billing', 'router', '(none)']);
    expect(agents.billing).toMatchObject({
      calls: 2,
      invocations: 1,
      invocationMs: { p50: 660, p95: 660, p99: 660 },
      outcomes: { success: 1 },
    });
    expect(agents.billing?.costUsd).toEqual(close(0.0216));
    // router: 890 ms (trace A) and 600 ms (trace B)
    expect(agents.router).toMatchObject({
      calls: 3,
      invocations: 2,
      invocationMs: { p50: 600, p95: 890, p99: 890 },
      outcomes: { success: 1, handoff: 1 },
    });
    expect(agents.router?.costUsd).toEqual(close(0.0048));
    expect(agents['(none)']).toMatchObject({ calls: 2, invocations: 0 });
  });

  it('handoffs, retrieval hit rate and errors by type', async () => {
    const r = await jsonReport();
    expect(r.handoffs).toEqual({
      total: 2,
      toHuman: 1,
      perInvocation: 2 / 3,
      conversations: 2,
      conversationsWithHumanHandoff: 1,
      humanHandoffRate: 0.5,
      byReason: [
        { key: 'retrieval_miss', count: 1 },
        { key: 'routing', count: 1 },
      ],
      byTarget: [
        { key: 'billing (agent)', count: 1 },
        { key: 'support (human)', count: 1 },
      ],
    });
    expect(r.retrieval).toEqual({
      key: 'all',
      calls: 3,
      hits: 2,
      misses: 1,
      hitRate: 2 / 3,
      bySource: [
        { key: 'kb-1', calls: 2, hits: 1, misses: 1, hitRate: 0.5 },
        { key: 'kb-2', calls: 1, hits: 1, misses: 0, hitRate: 1 },
      ],
    });
    expect(r.errors).toEqual({
      total: 2,
      byType: [
        { key: 'RateLimitError', count: 1, operations: ['chat'] },
        { key: 'TimeoutError', count: 1, operations: ['execute_tool'] },
      ],
    });
  });

  it('prints the same figures as text', async () => {
    const io = bufferIO();
    expect(await main(['report', spans], io)).toBe(0);
    const text = io.stdout();
    expect(text).toContain(
      '17 spans in 4 traces; 7 LLM calls, 1 failed; 6610 input tokens (1000 cache read, 0 cache write), 660 output; cost $0.026500; latency p50 100.0 ms, p95 400.0 ms, p99 400.0 ms',
    );
    expect(text).toMatch(
      /^ {2}fixture-large +1 +0 +2000 +200 +1000 +0 +\$0\.021000 +300\.0 +300\.0 +300\.0$/m,
    );
    expect(text).toMatch(/^ {2}fixture-unpriced +1 +0 +10 +10 +0 +0 +\$0\.000000\* /m);
    expect(text).toContain(
      'Handoffs: 2 (1 to a human); 66.7% of agent invocations; 1 of 2 conversations reached a human (50.0%)',
    );
    expect(text).toContain('Retrieval: 3 calls, 2 hits, 1 misses, hit rate 66.7%');
  });

  it('--top cuts each text breakdown to the most expensive rows and says how many are left out', async () => {
    const io = bufferIO();
    expect(await main(['report', spans, '--by', 'model', '--top', '1'], io)).toBe(0);
    const section = io.stdout().split('By model\n')[1]?.split('\n\n')[0]?.split('\n');
    expect(section?.[1]).toMatch(/^ {2}fixture-large /);
    expect(section?.slice(2)).toEqual(['  … 2 more (--top 0 shows all, --json gives all)']);
    const bad = bufferIO();
    expect(await main(['report', spans, '--top', '-1'], bad)).toBe(64);
  });

  it("--conversation prints that conversation's tree in time order", async () => {
    const io = bufferIO();
    expect(await main(['report', spans, '--conversation', 'c-1'], io)).toBe(0);
    const lines = io.stdout().split('\n');
    expect(lines[0]).toBe(
      'conversation c-1: 9 spans in 1 trace, started 2027-01-15T08:00:00.000Z; service cli-fixture, user u-1, tenant t-a',
    );
    expect(lines[2]).toMatch(/^trace [0-9a-f]{32}$/);
    expect(lines.slice(3, 12)).toEqual([
      '      +0.0    1000.0  invoke_workflow triage',
      '     +10.0     890.0  └─ invoke_agent router  outcome=success',
      '     +20.0     100.0     ├─ chat fixture-small  tokens=1000→100  cost=$0.001200',
      '    +130.0       1.0     ├─ handoff billing  router→billing  type=agent  reason=routing',
      '    +140.0     660.0     └─ invoke_agent billing  outcome=success',
      '    +150.0     300.0        ├─ chat fixture-large  tokens=2000→200  cache_read=1000  cost=$0.021000',
      '    +460.0      10.0        ├─ execute_tool lookup  ERROR TimeoutError  outcome=error',
      '    +480.0      10.0        ├─ retrieval kb-1  source=kb-1  outcome=hit',
      '    +500.0      50.0        └─ chat fixture-small  tokens=500→50  cost=$0.000600',
    ]);
  });

  it('--conversation --json nests the spans; an unknown id finds nothing', async () => {
    const io = bufferIO();
    expect(await main(['report', spans, '--conversation', 'c-2', '--json'], io)).toBe(0);
    const tree = JSON.parse(io.stdout());
    expect(tree.spans).toBe(6);
    expect(tree.roots).toHaveLength(1);
    expect(tree.roots[0].name).toBe('invoke_agent router');
    expect(tree.roots[0].children.map((c: { name: string }) => c.name)).toEqual([
      'chat fixture-small',
      'retrieval kb-1',
      'retrieval kb-2',
      'handoff support',
      'chat fixture-unpriced',
    ]);
    const none = bufferIO();
    expect(await main(['report', spans, '--conversation', 'nope'], none)).toBe(0);
    expect(none.stdout()).toBe('conversation nope: no spans found\n');
  });

  it('a damaged line is named, the rest is reported, exit 1; a missing file exits 1', async () => {
    const damaged = join(dir, 'damaged.jsonl');
    await writeFile(damaged, '{"resourceSpans": [\n');
    await appendFile(damaged, await (await import('node:fs/promises')).readFile(spans, 'utf8'));
    const io = bufferIO();
    expect(await main(['report', damaged, '--json'], io)).toBe(1);
    expect(io.stderr()).toMatch(new RegExp(`^${damaged}:1: not JSON .*; line skipped\n`));
    expect(JSON.parse(io.stdout()).totals.calls).toBe(7);

    const missing = bufferIO();
    expect(await main(['report', join(dir, 'absent.jsonl')], missing)).toBe(1);
    expect(missing.stderr()).toMatch(/absent\.jsonl: ENOENT/);
  });

  it('an unknown --by is a usage error', async () => {
    const io = bufferIO();
    expect(await main(['report', spans, '--by', 'model,colour'], io)).toBe(64);
    expect(io.stderr()).toContain(
      '--by: unknown breakdown "colour" (valid: model, conversation, tenant, agent)',
    );
  });
});
