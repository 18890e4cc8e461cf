import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeReports } from './summarize-reports.mjs';

const fixtures = fileURLToPath(new URL('./testdata/reports/', import.meta.url));
const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

describe('summarizeReports', () => {
  let tmp;
  /** The JSON report real vitest writes for the fixture project (one file does not import). */
  let real;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'genai-otel-summary-'));
    const out = join(tmp, 'report.json');
    // Exits 1 (tests failed): the report is what matters.
    await promisify(execFile)(
      process.execPath,
      [vitest, 'run', '--root', fixtures, '--reporter=json', `--outputFile.json=${out}`],
      { cwd: fixtures },
    ).catch(() => {});
    real = JSON.parse(await readFile(out, 'utf8'));
  }, 30_000);
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('counts a file that failed to import as a failure (vitest counts no failed test for it)', () => {
    expect(real.numFailedTests).toBe(1);
    const summary = summarizeReports([{ name: 'packages/x', report: real }], fixtures);
    expect(summary).toMatchObject({ passed: 3, failed: 2, skipped: 0, ok: false });
    expect(summary.closing).toBe('3 passed, 2 failed');
    expect(summary.rows).toEqual([
      `  ${'packages/x'.padEnd(36)} 3 passed, 2 failed (1 of them a file that did not run)`,
      expect.stringMatching(
        /^ {4}✗ broken-import\.check\.mjs: .*no-such-module\.mjs.*broken-import\.check\.mjs$/,
      ),
    ]);
  });

  it('says "0 failed" only when nothing failed, and sums every package', () => {
    const clean = {
      numPassedTests: 4,
      numFailedTests: 0,
      numPendingTests: 0,
      numTodoTests: 0,
      testResults: [],
    };
    const summary = summarizeReports([
      { name: 'packages/a', report: clean },
      { name: 'packages/b', report: clean },
    ]);
    expect(summary).toMatchObject({
      passed: 8,
      failed: 0,
      closing: '8 passed, 0 failed',
      ok: true,
    });
    const broken = summarizeReports([
      { name: 'packages/a', report: clean },
      { name: 'packages/b', report: real },
    ]);
    expect(broken.closing).toBe('7 passed, 2 failed');
  });

  it('fails the run on a skipped test, and on no test at all', () => {
    const skipped = {
      numPassedTests: 1,
      numFailedTests: 0,
      numPendingTests: 1,
      numTodoTests: 1,
      testResults: [],
    };
    expect(summarizeReports([{ name: 'p', report: skipped }])).toMatchObject({
      closing: '1 passed, 0 failed, 2 skipped',
      ok: false,
    });
    expect(summarizeReports([]).ok).toBe(false);
  });

  it('falls back to the failed-suite count for a report without per-file results', () => {
    const old = { numPassedTests: 2, numFailedTests: 0, numFailedTestSuites: 1 };
    expect(summarizeReports([{ name: 'p', report: old }]).closing).toBe('2 passed, 1 failed');
  });
});
