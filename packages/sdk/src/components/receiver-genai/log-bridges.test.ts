import { describe, expect, it } from 'vitest';
import { captureLogger, config } from '../../../test/helpers.js';
import { createLogBridges, logBridgeModules } from './log-bridges.js';

const yaml = (pipelines: string) => `receivers: { genai: { instrumentations: [] } }
exporters: { debug: }
service:
  pipelines:
${pipelines}`;

describe('log bridges', () => {
  it('hooks pino and winston only when a logs pipeline takes the genai receiver’s records', () => {
    expect(
      logBridgeModules(config(yaml('    logs: { receivers: [genai], exporters: [debug] }\n'))),
    ).toEqual(['pino', 'winston']);
    expect(
      logBridgeModules(config(yaml('    traces: { receivers: [genai], exporters: [debug] }\n'))),
    ).toEqual([]);
  });

  it('creates the official instrumentation only for a logger the app has', () => {
    const log = captureLogger();
    const names = (installed: string[]) =>
      createLogBridges((m) => installed.includes(m), log.logger).map((i) => i.instrumentationName);
    expect(names(['pino', 'winston'])).toEqual([
      '@opentelemetry/instrumentation-pino',
      '@opentelemetry/instrumentation-winston',
    ]);
    expect(names(['winston'])).toEqual(['@opentelemetry/instrumentation-winston']);
    expect(names([])).toEqual([]);
    expect(log.lines).toEqual([]);
  });
});
