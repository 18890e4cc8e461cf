// The arithmetic of the closing line of `npm test`, apart from the file system so it can be tested.

/**
 * Sums vitest JSON reports (`--reporter=json`), one per package, into counts and one row each.
 * A test file that failed outside any test (it did not import, a hook threw) has no failed test
 * to count, so it counts as one failure itself: the closing line never says "0 failed" then.
 * Vitest's `numFailedTestSuites` cannot stand in for it: it also counts every describe block
 * above a failed test.
 *
 * @param {{ name: string, report: any }[]} reports  `name`: the package's folder, as printed
 * @param {string} [root]  stripped from the front of a broken file's path
 */
export function summarizeReports(reports, root = '') {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const rows = [];
  for (const { name, report } of reports) {
    const broken = brokenFiles(report, root);
    const failedHere = (report.numFailedTests ?? 0) + broken.length;
    const skippedHere = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    passed += report.numPassedTests ?? 0;
    failed += failedHere;
    skipped += skippedHere;
    const counts = [`${report.numPassedTests ?? 0} passed`, `${failedHere} failed`];
    if (broken.length > 0)
      counts[1] += ` (${broken.length} of them ${broken.length === 1 ? 'a file' : 'files'} that did not run)`;
    if (skippedHere > 0) counts.push(`${skippedHere} skipped`);
    rows.push(`  ${name.padEnd(36)} ${counts.join(', ')}`);
    for (const file of broken) rows.push(`    ✗ ${file.name}: ${file.message}`);
  }
  const closing = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
  return {
    rows,
    passed,
    failed,
    skipped,
    closing,
    ok: failed === 0 && skipped === 0 && passed > 0,
  };
}

/** Files whose status is failed although none of their tests failed. */
function brokenFiles(report, root) {
  if (!Array.isArray(report.testResults)) {
    // No per-file results: a failed suite without a failed test is the only sign left.
    const suites = report.numFailedTestSuites ?? 0;
    return suites > 0 && (report.numFailedTests ?? 0) === 0
      ? [{ name: '(unknown file)', message: `${suites} failed suites` }]
      : [];
  }
  return report.testResults
    .filter(
      (file) =>
        file.status === 'failed' &&
        !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
    )
    .map((file) => ({
      name: String(file.name ?? '').replace(root, ''),
      message: firstLine(file.message) || 'failed outside any test',
    }));
}

function firstLine(text) {
  return String(text ?? '')
    .split('\n')[0]
    .trim();
}
