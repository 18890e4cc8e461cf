import { describe, expect, it } from 'vitest';
import { captureLogger } from '../../../test/helpers.js';
import { createDefaultConfig } from './config.js';
import { otlpHttpExporterFactory } from './factory.js';
import { parseHeaders, resolveOtlpHttp } from './resolve.js';

const SECRET = 'Bearer s3cr%ZZet';

describe('OTEL_EXPORTER_OTLP_HEADERS with malformed entries', () => {
  it('keeps the good headers and names each bad entry by key or position, never by value', () => {
    const ignored: string[][] = [];
    const headers = parseHeaders(
      `x-tenant=acme, authorization=${SECRET},no-equals-sign,,=orphan,b%=1,ok=x%2Cy,`,
      (entries) => ignored.push(entries),
    );
    expect(headers).toEqual({ 'x-tenant': 'acme', ok: 'x,y' });
    expect(ignored).toEqual([
      [
        'header "authorization" (bad percent-encoding)',
        'entry 3 (no "=")',
        'entry 5 (no key)',
        'header "b%" (bad percent-encoding)',
      ],
    ]);
  });

  it('says nothing of a well-formed value, nor of empty entries', () => {
    const ignored: string[][] = [];
    expect(parseHeaders(' a = 1 ,,b=x%2Cy,', (e) => ignored.push(e))).toEqual({ a: '1', b: 'x,y' });
    expect(parseHeaders(undefined, (e) => ignored.push(e))).toEqual({});
    expect(ignored).toEqual([]);
  });

  it('is said once per variable when the exporter is created, without the value', () => {
    const log = captureLogger();
    const env = {
      OTEL_EXPORTER_OTLP_HEADERS: `authorization=${SECRET},x-team=ml`,
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-trace-only',
    };
    const ctx = { id: 'otlp_http', env, log: log.logger, signals: ['traces'] as const };
    const config = createDefaultConfig();
    const exporter = otlpHttpExporterFactory.create(config, ctx);
    otlpHttpExporterFactory.create(config, ctx);
    expect(log.lines).toEqual([
      'genai-otel: OTEL_EXPORTER_OTLP_HEADERS: ignored header "authorization" (bad percent-encoding); write key=value pairs, comma-separated, percent-encoded',
      'genai-otel: OTEL_EXPORTER_OTLP_TRACES_HEADERS: ignored entry 1 (no "="); write key=value pairs, comma-separated, percent-encoded',
    ]);
    expect(log.lines.join('\n')).not.toContain('s3cr');
    expect(resolveOtlpHttp(config, env).headers).toEqual({ 'x-team': 'ml' });
    return exporter.traces?.shutdown();
  });

  it('is not read at all when the YAML gives headers', () => {
    const log = captureLogger();
    const resolved = resolveOtlpHttp(
      { ...createDefaultConfig(), headers: { authorization: 'Bearer yaml' } },
      { OTEL_EXPORTER_OTLP_HEADERS: 'broken' },
      log.logger,
    );
    expect(resolved.headers).toEqual({ authorization: 'Bearer yaml' });
    expect(log.lines).toEqual([]);
  });
});
