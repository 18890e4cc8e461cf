import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLevel } from './logger.js';

describe('logger', () => {
  it('prefixes, filters by level and says `once` messages once', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    log.info('hidden');
    log.warn('shown');
    log.once('k', 'error', 'first');
    log.once('k', 'error', 'second');
    const child = log.child('exporter x: ');
    child.once('k', 'warn', 'child has its own keys');
    child.error('boom');
    expect(lines).toEqual([
      'genai-otel: shown',
      'genai-otel: first',
      'genai-otel: exporter x: child has its own keys',
      'genai-otel: exporter x: boom',
    ]);
  });

  it('never throws when writing fails', () => {
    const log = createLogger({
      write: () => {
        throw new Error('stderr closed');
      },
    });
    expect(() => log.error('x')).not.toThrow();
  });

  it('reads collector log level names', () => {
    expect(parseLogLevel('WARN')).toBe('warn');
    expect(parseLogLevel('warning')).toBe('warn');
    expect(parseLogLevel('off')).toBe('none');
    expect(parseLogLevel('chatty')).toBeUndefined();
    expect(parseLogLevel(undefined)).toBeUndefined();
  });
});
