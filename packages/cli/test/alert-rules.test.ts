/**
 * `genai-otel alert-rules`: one source, levels as rules with their tier labels, the `--window`/
 * `--for` copy, and mistakes reported with file:line:col and the key.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/main.js';
import { bufferIO } from './buffer-io.js';

const SOURCE = `watch: { matchers: 'job="api"', by: [job] }
runbook: https://runbooks.example/
tiers: { P1: critical, P3: warning }
test_labels: { job: api }
groups:
  - name: g
    rules:
      - alert: Errors
        expr: sum by ($by) (rate(errors_total{$sel}[$window])) > $threshold
        value: count
        summary: '{job}: {value} errors/s'
        description: 'over {window}, threshold {threshold}'
        levels:
          - { tier: P1, threshold: 10, window: 5m, for: 1m }
          - { tier: P3, threshold: 1, window: 15m, for: 5m }
        tests:
          - name: 2/s, P3 only
            at: 30m
            series: { errors_total: 0+120x40 }
            fires: { P3: '2' }
`;

describe('genai-otel alert-rules', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alert-rules-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('renders each level as a rule with its tier, the name for it and a runbook', async () => {
    const file = join(dir, 'alerts.yaml');
    await writeFile(file, SOURCE);
    const io = bufferIO();
    expect(await main(['alert-rules', file], io)).toBe(0);
    const { groups } = parse(io.stdout());
    expect(groups[0].rules).toEqual([
      {
        alert: 'Errors',
        expr: 'sum by (job) (rate(errors_total{job="api"}[5m])) > 10',
        for: '1m',
        labels: { severity: 'critical', priority: 'P1' },
        annotations: {
          summary: '[P1 critical] {{ $labels.job }}: {{ $value | humanize }} errors/s',
          description: 'over 5m, threshold 10',
          runbook_url: 'https://runbooks.example/errors',
        },
      },
      expect.objectContaining({
        expr: 'sum by (job) (rate(errors_total{job="api"}[15m])) > 1',
        labels: { severity: 'warning', priority: 'P3' },
      }),
    ]);
  });

  it('shortens every window and for with --window/--for', async () => {
    const file = join(dir, 'alerts.yaml');
    await writeFile(file, SOURCE);
    const io = bufferIO();
    expect(await main(['alert-rules', file, '--window', '30s', '--for', '0s'], io)).toBe(0);
    const rules = parse(io.stdout()).groups[0].rules;
    expect(rules.map((r: { expr: string; for: string }) => [r.expr, r.for])).toEqual([
      ['sum by (job) (rate(errors_total{job="api"}[30s])) > 10', '0s'],
      ['sum by (job) (rate(errors_total{job="api"}[30s])) > 1', '0s'],
    ]);
  });

  it('writes the promtool tests with exactly the tiers expected and the rendered annotations', async () => {
    const file = join(dir, 'alerts.yaml');
    await writeFile(file, SOURCE);
    const io = bufferIO();
    const out = join(dir, 'rules.yaml');
    const tests = join(dir, 'rules.test.yaml');
    expect(await main(['alert-rules', file, '--out', out, '--tests', tests], io)).toBe(0);
    const t = parse(await readFile(tests, 'utf8'));
    expect(t.rule_files).toEqual(['rules.yaml']);
    expect(t.tests[0].input_series).toEqual([
      { series: 'errors_total{job="api"}', values: '0+120x40' },
    ]);
    expect(t.tests[0].alert_rule_test[0].exp_alerts).toEqual([
      {
        exp_labels: { severity: 'warning', priority: 'P3', job: 'api' },
        exp_annotations: {
          summary: '[P3 warning] api: 2 errors/s',
          description: 'over 15m, threshold 1',
          runbook_url: 'https://runbooks.example/errors',
        },
      },
    ]);
    expect(await main(['alert-rules', file, '--out', out, '--tests', tests, '--check'], io)).toBe(
      0,
    );
    await writeFile(out, 'stale');
    expect(await main(['alert-rules', file, '--out', out, '--tests', tests, '--check'], io)).toBe(
      1,
    );
  });

  it('names file:line:col and the key of a mistake', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, SOURCE.replace('tier: P3', 'tier: P9'));
    const io = bufferIO();
    expect(await main(['alert-rules', file], io)).toBe(78);
    expect(io.stderr()).toBe(`${file}:15:13: Errors.levels[1].tier: "P9" is not one of P1, P3\n`);
    await writeFile(file, SOURCE.replace('        value: count\n', ''));
    expect(await main(['alert-rules', file], io)).toBe(78);
    expect(io.stderr()).toContain(`${file}:8:9: groups[0].rules[0].value: is required`);
  });
});
