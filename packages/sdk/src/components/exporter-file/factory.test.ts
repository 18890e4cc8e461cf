import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_SERVICE_NAME,
} from '@genai-otel/semantic-conventions';
import { readJsonlSpans } from '@genai-otel/test-utils';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { captureLogger, config } from '../../../test/helpers.js';
import { loadConfig } from '../../load-config.js';
import { startFromConfig } from '../../start.js';

const testdata = fileURLToPath(new URL('./testdata/config.yaml', import.meta.url));

function fileConfig(path: string) {
  return config(`
receivers: { genai: { instrumentations: [] } }
exporters:
  file: { path: "${path}" }
service: { pipelines: { traces: { receivers: [genai], exporters: [file] } } }
`);
}

describe('file exporter', () => {
  it('loads named instances from testdata', () => {
    const loaded = loadConfig(testdata, { env: { OUT_DIR: '/var/tmp/x' } });
    expect(loaded.exporters.get('file')?.config).toEqual({ path: './spans.jsonl', format: 'json' });
    expect(loaded.exporters.get('file/env')?.config).toEqual({
      path: '/var/tmp/x/traces/out.jsonl',
      format: 'json',
    });
  });

  it('requires a path', () => {
    expect(() =>
      config(`
receivers: { genai: }
exporters: { file: }
service: { pipelines: { traces: { receivers: [genai], exporters: [file] } } }
`),
    ).toThrow(/exporters\.file\.path: is required/);
  });

  it('appends one OTLP/JSON request per batch, creating parent directories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genai-otel-file-'));
    const path = join(dir, 'nested', 'deeper', 'spans.jsonl');
    const log = captureLogger();
    const env = { OTEL_SERVICE_NAME: 'file-test' };

    for (const round of [1, 2]) {
      const otel = startFromConfig(fileConfig(path), {
        logger: log.logger,
        registerGlobals: false,
        env,
      });
      const tracer = otel.tracerProvider.getTracer('file-test');
      const parent = tracer.startSpan(`round ${round}`);
      const child = tracer.startSpan(
        'chat gpt-4o-mini',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 42,
          },
        },
        trace.setSpan(ROOT_CONTEXT, parent),
      );
      child.end();
      parent.end();
      await otel.shutdown();
    }

    // Two runs, one batch each: two lines, each a complete export request.
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(['resourceSpans']);

    const spans = await readJsonlSpans(path);
    expect(spans.map((s) => s.name)).toEqual([
      'chat gpt-4o-mini',
      'round 1',
      'chat gpt-4o-mini',
      'round 2',
    ]);
    const chat = spans[0]!;
    expect(chat.kind).toBe(SpanKind.CLIENT);
    expect(chat.attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 42,
    });
    expect(chat.parentSpanId).toBe(spans[1]!.spanId);
    expect(chat.resource[ATTR_SERVICE_NAME]).toBe('file-test');
    expect(log.lines).toEqual([]);
  });

  it('reports an unwritable path once, without throwing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genai-otel-file-'));
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const log = captureLogger();
    const otel = startFromConfig(fileConfig(join(blocker, 'spans.jsonl')), {
      logger: log.logger,
      registerGlobals: false,
      env: {},
    });
    const tracer = otel.tracerProvider.getTracer('t');
    for (let i = 0; i < 3; i++) tracer.startSpan(`s${i}`).end();
    await otel.forceFlush();
    tracer.startSpan('s3').end();
    await otel.shutdown();
    expect(log.lines).toEqual([
      `genai-otel: exporter file cannot write to ${join(blocker, 'spans.jsonl')} (EEXIST); spans will be dropped until it can be written`,
      'genai-otel: exporter file dropped 4 spans',
    ]);
  });
});
