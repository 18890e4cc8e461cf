/**
 * What the user reads when register cannot instrument: the config's own issue lines, framed so
 * it is obvious the app goes on without telemetry (or, in strict mode, does not start).
 */
import { ConfigError, formatIssue } from '@genai-otel/config';
import type { RegisterLogger } from './logger.js';

/** BSD sysexits: a bad config file (EX_CONFIG) and anything else we did wrong (EX_SOFTWARE). */
export const EXIT_CONFIG = 78;
export const EXIT_SOFTWARE = 70;

export const RUNS_WITHOUT = 'the app runs WITHOUT instrumentation';

const FILE_ERRORS = new Set(['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EPERM']);

/** A config problem the user must fix (as opposed to a bug of ours). */
export function isConfigProblem(err: unknown): boolean {
  if (err instanceof ConfigError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && FILE_ERRORS.has(code);
}

export function reportConfigProblem(
  err: unknown,
  file: string,
  strict: boolean,
  log: RegisterLogger,
): void {
  log.error(`configuration error in ${file}:`);
  if (err instanceof ConfigError) {
    for (const issue of err.issues) log.error(formatIssue(issue));
  } else {
    log.error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  log.error(strict ? `GENAI_OTEL_STRICT=true: exiting with code ${EXIT_CONFIG}` : RUNS_WITHOUT);
}

export function reportInternalError(err: unknown, strict: boolean, log: RegisterLogger): void {
  const message = err instanceof Error ? err.message : String(err);
  log.error(
    strict
      ? `internal error: ${message}; GENAI_OTEL_STRICT=true: exiting with code ${EXIT_SOFTWARE}`
      : `internal error: ${message}; ${RUNS_WITHOUT}`,
  );
}
