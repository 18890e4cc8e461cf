import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, readSettings } from './settings.js';

describe('readSettings', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(readSettings({})).toEqual({
      disabled: false,
      configFile: undefined,
      strict: false,
      shutdownTimeoutMs: DEFAULT_SHUTDOWN_TIMEOUT_MS,
      logLevel: 'info',
      logLevelExplicit: false,
      warnings: [],
    });
  });

  it('reads every variable', () => {
    const s = readSettings({
      OTEL_SDK_DISABLED: 'TRUE',
      GENAI_OTEL_CONFIG: ' conf/otel.yaml ',
      GENAI_OTEL_STRICT: 'true',
      GENAI_OTEL_SHUTDOWN_TIMEOUT_MS: '1500',
      OTEL_LOG_LEVEL: 'DEBUG',
    });
    expect(s).toMatchObject({
      disabled: true,
      configFile: 'conf/otel.yaml',
      strict: true,
      shutdownTimeoutMs: 1500,
      logLevel: 'debug',
      logLevelExplicit: true,
      warnings: [],
    });
  });

  it('falls back with a warning on bad values instead of throwing', () => {
    const s = readSettings({
      OTEL_SDK_DISABLED: 'yes',
      GENAI_OTEL_SHUTDOWN_TIMEOUT_MS: '-3',
      OTEL_LOG_LEVEL: 'loud',
    });
    expect(s.disabled).toBe(false);
    expect(s.shutdownTimeoutMs).toBe(DEFAULT_SHUTDOWN_TIMEOUT_MS);
    expect(s.logLevel).toBe('info');
    expect(s.warnings).toEqual([
      'OTEL_LOG_LEVEL="loud" is not one of none, error, warn, info, debug, verbose, all; using info',
      'OTEL_SDK_DISABLED="yes" is not true or false; using false',
      'GENAI_OTEL_SHUTDOWN_TIMEOUT_MS="-3" is not a positive integer (ms); using 5000',
    ]);
  });

  it('treats an empty GENAI_OTEL_CONFIG as unset', () => {
    expect(readSettings({ GENAI_OTEL_CONFIG: '' }).configFile).toBeUndefined();
  });
});

describe('createLogger', () => {
  it('prefixes every line and filters by level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (line) => lines.push(line));
    log.error('e');
    log.warn('w');
    log.info('i');
    log.debug('d');
    expect(lines).toEqual(['genai-otel: e', 'genai-otel: w']);
  });

  it('is silent at none and complete at all', () => {
    const none: string[] = [];
    const all: string[] = [];
    for (const [level, sink] of [
      ['none', none],
      ['all', all],
    ] as const) {
      const log = createLogger(level, (line) => sink.push(line));
      log.error('e');
      log.debug('d');
    }
    expect(none).toEqual([]);
    expect(all).toEqual(['genai-otel: e', 'genai-otel: d']);
  });

  it('survives a throwing sink', () => {
    const log = createLogger('info', () => {
      throw new Error('EPIPE');
    });
    expect(() => log.error('x')).not.toThrow();
  });
});
