/**
 * `genai-otel validate FILE…`: loads each file exactly as the collector and `--import` would
 * (same registry, same env expansion) and prints every problem, one `file:line:col: key: message`
 * line each. Exit 0 when every file is valid, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { ConfigError, formatIssue } from '@genai-otel/config';
import { createDefaultRegistry, loadConfig } from '@genai-otel/sdk';
import { type CliIO, UsageError } from '../cli-io.js';
import { describePipelines } from '../config-summary.js';

export async function runValidate(args: string[], io: CliIO): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new UsageError('validate needs at least one FILE');
  const registry = createDefaultRegistry();
  let invalid = 0;
  for (const file of positionals) {
    try {
      const config = loadConfig(file, { registry, env: io.env });
      io.out(`${file}: valid; ${describePipelines(config)}\n`);
    } catch (err) {
      invalid++;
      if (err instanceof ConfigError) {
        for (const issue of err.issues) io.err(`${formatIssue(issue)}\n`);
        const n = err.issues.length;
        io.err(`${file}: ${n} problem${n === 1 ? '' : 's'}\n`);
      } else {
        io.err(`${file}: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }
  return invalid === 0 ? 0 : 1;
}
