/**
 * register's own voice: one `genai-otel: ` line per message on stderr, filtered by
 * `OTEL_LOG_LEVEL`. It never writes to stdout, which belongs to the app.
 */
import { LOG_LEVELS, type LogLevel } from './settings.js';

export interface RegisterLogger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export const LOG_PREFIX = 'genai-otel: ';

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): RegisterLogger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at = (l: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(l) > threshold) return;
    try {
      write(`${LOG_PREFIX}${message}`);
    } catch {
      // A closed stderr must not turn a diagnostic into a crash.
    }
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
