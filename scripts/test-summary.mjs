// Sums the per-package vitest JSON reports into one closing line ("N passed, N failed, N skipped")
// that a reader (and CI) can trust, and fails when a test was skipped: a skipped test proves nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = [];
for (const group of ['packages', 'examples']) {
  for (const name of readdirSync(join(root, group))) reports.push(join(root, group, name));
}
reports.push(join(root, 'test'), join(root, 'bench'));

const since = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const dir of reports) {
  const file = join(dir, '.vitest-report.json');
  let report;
  try {
    if (statSync(file).mtimeMs < since) continue; // a report left from an earlier run
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    continue;
  }
  const skippedHere = report.numPendingTests + report.numTodoTests;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += skippedHere;
  rows.push(`  ${dir.slice(root.length).padEnd(36)} ${report.numPassedTests} passed, ${report.numFailedTests} failed${skippedHere ? `, ${skippedHere} skipped` : ''}`);
}
console.log(`\n${rows.join('\n')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (skipped > 0) console.error('skipped tests are not allowed: they prove nothing');
process.exit(failed > 0 || skipped > 0 || passed === 0 ? 1 : 0);
