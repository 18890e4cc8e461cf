// Sums the per-package vitest JSON reports into one closing line ("N passed, N failed, N skipped")
// that a reader (and CI) can trust, and fails when a test was skipped: a skipped test proves nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeReports } from './lib/summarize-reports.mjs';

const root = new URL('..', import.meta.url).pathname;
const dirs = [];
for (const group of ['packages', 'examples']) {
  for (const name of readdirSync(join(root, group))) dirs.push(join(root, group, name));
}
dirs.push(join(root, 'test'), join(root, 'bench'), join(root, 'scripts'));

const since = Number(process.argv[2] ?? 0);
const reports = [];
for (const dir of dirs) {
  const file = join(dir, '.vitest-report.json');
  try {
    if (statSync(file).mtimeMs < since) continue; // a report left from an earlier run
    reports.push({ name: dir.slice(root.length), report: JSON.parse(readFileSync(file, 'utf8')) });
  } catch {}
}
const summary = summarizeReports(reports, root);
console.log(`\n${summary.rows.join('\n')}`);
console.log(summary.closing);
if (summary.skipped > 0) console.error('skipped tests are not allowed: they prove nothing');
process.exit(summary.ok ? 0 : 1);
