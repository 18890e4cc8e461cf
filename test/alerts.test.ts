/**
 * The alerting files of collector-config/, checked by the real tools: the generated rules are what
 * `genai-otel alert-rules` makes of alerts.yaml today, promtool accepts them and passes their unit
 * tests (each rule fires at its threshold with its tier and is silent below), and amtool accepts
 * the Alertmanager config.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PACKAGE_DIR } from './support/run-app.js';
import { which } from './support/until.js';

const CONFIG = join(PACKAGE_DIR, '..', 'collector-config');
const CLI = join(PACKAGE_DIR, 'node_modules', '.bin', 'genai-otel');

function run(bin: string, args: string[]) {
  const r = spawnSync(bin, args, { cwd: CONFIG, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

interface Rule {
  alert: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

// promtool evaluates 35 rule-test cases: ~10 s alone, several times that on a loaded CI machine.
describe('collector-config alerting', { timeout: 120_000 }, () => {
  it('has generated rules and tests that are up to date with alerts.yaml', () => {
    const r = run(CLI, [
      'alert-rules',
      'alerts.yaml',
      '--out',
      'prometheus-alerts.yaml',
      '--tests',
      'prometheus-alerts.test.yaml',
      '--check',
    ]);
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });

  it('gives every rule a tier, the name people use, a summary, a description with the value and a runbook', async () => {
    const { groups } = parse(await readFile(join(CONFIG, 'prometheus-alerts.yaml'), 'utf8')) as {
      groups: { rules: Rule[] }[];
    };
    const rules = groups.flatMap((g) => g.rules);
    expect(rules).toHaveLength(21);
    const names = { P1: 'critical', P2: 'high', P3: 'warning', P4: 'info' } as const;
    for (const rule of rules) {
      const tier = rule.labels.priority as keyof typeof names;
      expect(rule.labels.severity, rule.alert).toBe(names[tier]);
      expect(rule.annotations.summary).toMatch(/^\[P[1-4] [a-z]+\] /);
      expect(rule.annotations.description).toContain('{{ $value');
      expect(rule.annotations.runbook_url).toMatch(/README\.md#[a-z0-9]+$/);
    }
    // Every threshold the write-ups name is a rule.
    expect([...new Set(rules.map((r) => r.alert))].sort()).toEqual([
      'APIAvailabilityLow',
      'GenAIAgentFailureRate',
      'GenAIAgentSlow',
      'GenAIBudgetExceeded',
      'GenAICostPerConversation',
      'GenAIErrorRate',
      'GenAIHumanHandoffRate',
      'GenAIKnowledgeBaseHitRateLow',
      'GenAILatencyP95',
      'GenAIRetrievalFailures',
      'GenAISpendOverBudget',
      'GenAIUnpricedCalls',
      'HTTPErrorRate',
      'HTTPResponseTime',
      'RevOpsAssessmentFailureRate',
      'RevOpsSlowProcessing',
    ]);
  });

  it('passes promtool check rules and promtool test rules', () => {
    which('promtool');
    const check = run('promtool', ['check', 'rules', 'prometheus-alerts.yaml']);
    expect(check.out).toContain('SUCCESS: 21 rules found');
    expect(check.status).toBe(0);
    const test = run('promtool', ['test', 'rules', 'prometheus-alerts.test.yaml']);
    expect(test.out).toContain('SUCCESS');
    expect(test.out).not.toContain('FAILED');
    expect(test.status).toBe(0);
  });

  it('has unit tests that fail when a threshold is wrong', async () => {
    // The same tests against rules whose P1 error-rate threshold moved: promtool must say so.
    const dir = await mkdtemp(join(tmpdir(), 'genai-otel-rules-'));
    try {
      const rules = await readFile(join(CONFIG, 'prometheus-alerts.yaml'), 'utf8');
      await writeFile(
        join(dir, 'prometheus-alerts.yaml'),
        rules.replace('[5m])) > 0.1\n', '[5m])) > 0.15\n'),
      );
      await writeFile(
        join(dir, 'prometheus-alerts.test.yaml'),
        await readFile(join(CONFIG, 'prometheus-alerts.test.yaml'), 'utf8'),
      );
      const r = spawnSync('promtool', ['test', 'rules', 'prometheus-alerts.test.yaml'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toContain('HTTPErrorRate: 12% fails, P1 and P3 fire');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('passes amtool check-config', () => {
    which('amtool');
    const r = run('amtool', ['check-config', 'alertmanager.yml']);
    expect(r.out).toContain('SUCCESS');
    expect(r.out).toContain('2 inhibit rules');
    expect(r.out).toContain('3 receivers');
    expect(r.status).toBe(0);
  });
});
