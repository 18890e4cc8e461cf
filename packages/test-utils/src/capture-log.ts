import type { ComponentLogger, LogLevel } from '@genai-otel/component';

export interface CapturedLog extends ComponentLogger {
  /** `level: message`, in order. */
  lines: string[];
}

/** A ComponentLogger that keeps its lines, with the sdk logger's `once` semantics. */
export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const seen = new Set<string>();
  const emit = (level: LogLevel, m: string) => lines.push(`${level}: ${m}`);
  return {
    lines,
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    once(key, level, m) {
      if (seen.has(key)) return;
      seen.add(key);
      emit(level, m);
    },
  };
}
