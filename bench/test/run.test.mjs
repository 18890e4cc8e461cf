import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const runMjs = fileURLToPath(new URL('../run.mjs', import.meta.url));

// The whole harness on a few calls: children, interleaved rounds, the real mock server, the sink,
// span counting and the capability probe. Peers are left out (they install from the registry);
// no timing is asserted, only that the machinery measures and reports what it should.
describe('run.mjs', () => {
  it('measures the baseline, the bare-span reference and genai-otel and writes the results', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'r.json');
    const { stdout } = await run(
      process.execPath,
      [
        runMjs,
        '--only=peers',
        '--variants=span-only,genai-otel',
        '--warmup=4',
        '--rounds=2',
        '--n=5',
        '--processes=2',
        '--no-pin',
        '--max-noise=1',
        `--out=${out}`,
      ],
      { timeout: 110_000 },
    );
    expect(stdout).toContain('chat.completions.create');
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(results.mock).toBe('@genai-otel/mock-llm-server');
    expect(Object.keys(results.sessions)).toEqual(['http', 'memory']);
    for (const r of Object.values(results.sessions)) checkSession(r);
    // Replayed from memory, a stream yields exactly the chunks it yields over HTTP.
    expect(results.sessions.memory.variants.none.chunks).toEqual(
      results.sessions.http.variants.none.chunks,
    );
    expect(results.components).toBeUndefined();
    // No peer ran, so there is no best peer to compare with: the targets say so, not a ratio.
    expect(results.summary.map((r) => [r.bench, r.verdict])).toEqual([
      ['peers', 'not measured'],
      ['peers', 'not measured'],
      ['peers', 'not measured'],
      ['peers', 'not measured'],
    ]);
    expect(results.summary[0].measured).toBe('not measured (no working peer)');
  }, 150_000);

  it('runs a component benchmark alone with --only and ends with the targets table', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'r.json');
    const { stdout } = await run(
      process.execPath,
      [runMjs, '--only=langsmith-convert', '--quick', '--no-pin', `--out=${out}`],
      { timeout: 90_000 },
    );
    expect(stdout).toContain('# Targets');
    expect(stdout).toMatch(/\| langsmith-convert +\| spans → runs/);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(results.sessions).toBeUndefined();
    expect(Object.keys(results.components)).toEqual(['langsmith-convert']);
    const c = results.components['langsmith-convert'];
    expect(c.status).toBe('ok');
    expect(c.quick).toBe(true);
    expect(c.figures.spans).toBe(30_000);
    expect(results.summary.map((r) => r.bench)).toEqual([
      'langsmith-convert',
      'langsmith-convert',
      'langsmith-convert',
    ]);
  }, 120_000);
});

function checkSession(r) {
  expect(Object.keys(r.variants)).toEqual(['none', 'span-only', 'genai-otel']);
  for (const v of Object.values(r.variants)) {
    expect(v.status, `${v.id}: ${v.reason}`).toBe('ok');
    for (const mode of ['plain', 'stream']) {
      expect(v[mode].wall.rounds).toHaveLength(2);
      expect(v[mode].cpu.rounds).toHaveLength(2);
      expect(v[mode].wall.us).toBeGreaterThan(0);
    }
  }
  // Per process: probes (5) + warm-up (2 × 4) + re-warm after gc (2 × 2); then the rounds,
  // shared by the two processes: 2 modes × 2 rounds × (20 primer + 5 timed).
  const calls = 2 * (5 + 8 + 4) + 100;
  expect(r.variants.none.spans).toEqual({ calls, exported: 0 });
  expect(r.variants['span-only'].spans).toEqual({ calls, exported: calls });
  expect(r.variants['genai-otel'].spans).toEqual({ calls, exported: calls });
  expect(r.sink.requests).toBeGreaterThan(0);
  expect(r.variants['genai-otel'].chunks.stream).toBeGreaterThan(
    r.variants['genai-otel'].chunks.streamNoUsage,
  );
  const c = r.variants['genai-otel'].capabilities;
  expect(c.spansPerCall).toEqual({ plain: 1, stream: 1 });
  expect(c.usageOnPlain).toMatch(/^yes/);
  expect(r.variants['span-only'].capabilities).toBeNull();
}
