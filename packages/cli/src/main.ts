/** `genai-otel <command> …`: picks the command; each parses its own options with `node:util`. */
import { type CliIO, EXIT_USAGE, processIO, UsageError } from './cli-io.js';
import { runAlertRules } from './commands/alert-rules.js';
import { runCollector } from './commands/collector.js';
import { runGatewayConfig } from './commands/gateway-config.js';
import { runReport } from './commands/report.js';
import { runValidate } from './commands/validate.js';

export const USAGE = `Usage: genai-otel <command> [options]

Commands:
  collector --config FILE          run the pipelines of FILE as a standalone process until SIGTERM/SIGINT
  validate FILE…                   check config files; every problem with file:line:col and the key
  report FILE… [options]           cost, tokens, calls and latency from OTLP JSON-lines span files
      --by model,conversation,tenant,agent   which breakdowns to print (default: all)
      --top N                      rows per breakdown in text, most expensive first (default 20; 0: all)
      --conversation ID            that conversation's span tree, in time order
      --json                       machine-readable output
  gateway-config FILE [options]    an otelcol-contrib gateway config in front of N genai-otel collectors
      --collectors N               how many collectors behind the gateway (default 2)
      --collector-host PATTERN     their host names, {i} numbered from 1 (default genai-otel-collector-{i})
      --out FILE                   write there instead of stdout
  alert-rules FILE [options]       Prometheus alert rules (and their promtool tests) from one source YAML
      --out FILE                   write the rules there instead of stdout
      --tests FILE                 also write the \`promtool test rules\` file
      --window D, --for D          every rule's window / for set to D (a fast end-to-end copy)
      --check                      write nothing; exit 1 when --out/--tests differ from what would be written

Environment: GENAI_OTEL_CONFIG (collector's default --config), GENAI_OTEL_SHUTDOWN_TIMEOUT_MS,
OTEL_LOG_LEVEL, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES.
`;

type Command = (args: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  collector: runCollector,
  validate: runValidate,
  report: runReport,
  'gateway-config': runGatewayConfig,
  'alert-rules': runAlertRules,
};

/** Runs one command; resolves to the process exit code. Never rejects. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(
      `genai-otel: unknown command "${name}" (valid: ${Object.keys(COMMANDS).join(', ')})\n\n${USAGE}`,
    );
    return EXIT_USAGE;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      io.err(`genai-otel ${name}: ${(err as Error).message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    io.err(`genai-otel ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** `parseArgs` throws TypeErrors with an `ERR_PARSE_ARGS_*` code for unknown or malformed options. */
function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
