import type { ConfigIssue } from './types.js';

/**
 * `file:line:col: path: message`, the shape compilers use so terminals and editors turn it into a
 * link. File-level problems (line 0) and issues without a path drop the missing parts.
 */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.path === ''
    ? `${where}: ${issue.message}`
    : `${where}: ${issue.path}: ${issue.message}`;
}

/** Orders issues as a reader scans the file; issues at one spot keep the order they were found. */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Every problem of a config file at once. `message` is the report a user reads: one
 * `file:line:col: path: message` line per issue, sorted by position.
 */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const sorted = sortIssues(issues);
    super(sorted.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = sorted;
  }
}
