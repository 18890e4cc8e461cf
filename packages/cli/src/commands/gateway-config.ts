/** `genai-otel gateway-config FILE`: see gateway/gateway-config.ts. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, formatIssue } from '@genai-otel/config';
import { createDefaultRegistry } from '@genai-otel/sdk';
import { type CliIO, EXIT_CONFIG, UsageError } from '../cli-io.js';
import { GatewayError, gatewayConfigFromFile } from '../gateway/gateway-config.js';

export async function runGatewayConfig(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      collectors: { type: 'string', default: '2' },
      'collector-host': { type: 'string', default: 'genai-otel-collector-{i}' },
      out: { type: 'string', short: 'o' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('gateway-config needs exactly one FILE');
  const file = positionals[0] as string;
  const collectors = Number(values.collectors);
  if (!Number.isInteger(collectors) || collectors < 1) {
    throw new UsageError(`--collectors must be a positive integer, not "${values.collectors}"`);
  }
  try {
    const { yaml, notes } = gatewayConfigFromFile(file, {
      collectors,
      hostPattern: values['collector-host'],
      registry: createDefaultRegistry(),
      env: io.env,
    });
    for (const note of notes) io.err(`genai-otel gateway-config: ${note}\n`);
    if (values.out) {
      writeFileSync(values.out, yaml);
      io.err(`genai-otel gateway-config: wrote ${values.out}\n`);
    } else {
      io.out(yaml);
    }
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const issue of err.issues) io.err(`${formatIssue(issue)}\n`);
      return EXIT_CONFIG;
    }
    if (err instanceof GatewayError) {
      io.err(`genai-otel gateway-config: ${err.message}\n`);
      return EXIT_CONFIG;
    }
    throw err;
  }
}
