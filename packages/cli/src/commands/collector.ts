/**
 * `genai-otel collector --config FILE`: the pipelines of FILE in a process of their own, for
 * services in any language that send OTLP, until SIGTERM or SIGINT.
 *
 * Everything an instrumented app gets from `@genai-otel/register` applies unchanged (the same
 * `start()`: settings, log levels, `OTEL_SDK_DISABLED`, resource detection, one line per outage);
 * only the ending differs, because a collector has no work of its own that ends: it stays up until
 * told to stop, then flushes within `GENAI_OTEL_SHUTDOWN_TIMEOUT_MS` and exits 0 like
 * `otelcol` does (an orchestrator reads a non-zero code after SIGTERM as a crash). A second signal
 * while flushing exits at once with the shell's 128+signal code.
 */
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, formatIssue } from '@genai-otel/config';
import { BACKSTOP_MARGIN_MS, bounded } from '@genai-otel/register/lifecycle';
import { EXIT_CONFIG, EXIT_SOFTWARE, isConfigProblem } from '@genai-otel/register/report';
import { readSettings } from '@genai-otel/register/settings';
import { start } from '@genai-otel/register/start';
import { createDefaultRegistry, createLogger, type GenAIOtel, loadConfig } from '@genai-otel/sdk';
import { type CliIO, UsageError } from '../cli-io.js';
import { describePipelines } from '../config-summary.js';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

export async function runCollector(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' } },
  });
  const file = values.config ?? io.env.GENAI_OTEL_CONFIG?.trim();
  if (!file) throw new UsageError('collector needs --config FILE (or GENAI_OTEL_CONFIG)');

  const settings = readSettings(io.env);
  const log = createLogger({ level: settings.logLevel === 'none' ? 'none' : 'info' });
  const registry = createDefaultRegistry();
  let handle: GenAIOtel | undefined;
  let summary: string;
  try {
    const config = loadConfig(file, { registry, env: io.env });
    summary = describePipelines(config);
    // The collector's own process is not an app to instrument: no loader hook, and exit handled here.
    handle = start({ config, env: io.env, esmHooks: false, exitHandlers: false });
  } catch (err) {
    if (isConfigProblem(err)) {
      io.err(`genai-otel collector: configuration error in ${file}:\n`);
      if (err instanceof ConfigError) {
        for (const issue of err.issues) io.err(`${formatIssue(issue)}\n`);
      } else {
        io.err(`${file}: ${(err as Error).message}\n`);
      }
      io.err(`genai-otel collector: not started (exit ${EXIT_CONFIG})\n`);
      return EXIT_CONFIG;
    }
    io.err(`genai-otel collector: could not start: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT_SOFTWARE;
  }
  if (!handle) {
    io.err('genai-otel collector: OTEL_SDK_DISABLED=true: nothing to run\n');
    return 0;
  }
  io.out(
    `genai-otel collector: running ${summary} from ${file} (pid ${process.pid}); SIGTERM or Ctrl-C stops it\n`,
  );
  return runUntilSignal(handle, settings.shutdownTimeoutMs, log);
}

/** Keeps the process up until a signal, then shuts the pipelines down within `timeoutMs`. */
function runUntilSignal(
  handle: GenAIOtel,
  timeoutMs: number,
  log: ReturnType<typeof createLogger>,
): Promise<number> {
  return new Promise((resolve) => {
    // Receivers that listen keep the loop alive by themselves; one that does not (the in-process
    // `genai` receiver) must not let the collector end before it is told to.
    const keepAlive = setInterval(() => {}, 2 ** 30);
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn(`${signal} again: exiting without waiting for the flush`);
        process.exit(128 + constants.signals[signal]);
      }
      stopping = true;
      log.info(`${signal}: flushing and stopping (at most ${timeoutMs} ms)`);
      void bounded(
        () => handle.shutdown(timeoutMs),
        'collector shutdown',
        timeoutMs + BACKSTOP_MARGIN_MS,
        log,
      ).then(() => {
        clearInterval(keepAlive);
        for (const s of SIGNALS) process.removeListener(s, handlers[s]);
        // Whatever a component left behind must not hold the exit past the bound.
        setTimeout(() => process.exit(0), 200).unref();
        resolve(0);
      });
    };
    const handlers = Object.fromEntries(SIGNALS.map((s) => [s, () => onSignal(s)])) as Record<
      NodeJS.Signals,
      () => void
    >;
    for (const s of SIGNALS) process.on(s, handlers[s]);
  });
}
