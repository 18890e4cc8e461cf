/**
 * genai-otel's own user-facing messages: one line each, prefixed `genai-otel: `, on stderr.
 * Separate from OpenTelemetry's `diag` (which is for debugging the SDK itself, set by OTEL_LOG_LEVEL).
 */
import type { ComponentLogger, LogLevel } from '@genai-otel/component';

export interface Logger extends ComponentLogger {
  debug(message: string): void;
  /** A logger whose messages start with `prefix` and whose `once` keys do not collide with ours. */
  child(prefix: string): Logger;
}

export interface LoggerOptions {
  /** Messages below this level are dropped. Default `info`. */
  level?: LogLevel | 'none';
  /** Where a finished line goes. Default: stderr. */
  write?: (line: string, level: LogLevel) => void;
}

const RANK: Record<LogLevel | 'none', number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  none: 99,
};

/** `service.telemetry.logs.level` values, collector spelling included. */
export function parseLogLevel(value: string | undefined): LogLevel | 'none' | undefined {
  switch (value?.trim().toLowerCase()) {
    case 'debug':
      return 'debug';
    case 'info':
      return 'info';
    case 'warn':
    case 'warning':
      return 'warn';
    case 'error':
      return 'error';
    case 'none':
    case 'off':
      return 'none';
    default:
      return undefined;
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write =
    options.write ??
    ((line: string) => {
      // A closed stderr must not take the app down with it.
      try {
        process.stderr.write(`${line}\n`);
      } catch {}
    });
  const seen = new Set<string>();
  const make = (prefix: string): Logger => {
    const emit = (level: LogLevel, message: string) => {
      if (RANK[level] < threshold) return;
      try {
        write(`genai-otel: ${prefix}${message}`, level);
      } catch {}
    };
    return {
      debug: (m) => emit('debug', m),
      info: (m) => emit('info', m),
      warn: (m) => emit('warn', m),
      error: (m) => emit('error', m),
      once(key, level, message) {
        const k = `${prefix}\u0000${key}`;
        if (seen.has(k)) return;
        seen.add(k);
        emit(level, message);
      },
      child: (p) => make(prefix + p),
    };
  };
  return make('');
}
