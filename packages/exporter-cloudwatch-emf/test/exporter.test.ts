/**
 * The exporter under the real OpenTelemetry metrics SDK: the temporality it asks for, what a
 * collection becomes on stdout and in a file, and failure without exceptions.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ATTR_GEN_AI_REQUEST_MODEL,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@genai-otel/semantic-conventions';
import { captureLog } from '@genai-otel/test-utils';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { type AwsEmfExporterConfig, createDefaultConfig } from '../src/config.js';
import { AwsEmfMetricExporter } from '../src/exporter.js';
import { createAwsEmfExporter, createTranslator } from '../src/factory.js';
import { DropCounter } from '../src/push/drops.js';
import { StdoutSink } from '../src/push/stdout-sink.js';
import { emfErrors } from './support/emf-validator.js';
import { exportOnce } from './support/export.js';
import { gauge, point, resourceMetrics } from './support/metrics.js';

const MODEL = { [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini' };

function sdk(config: Partial<AwsEmfExporterConfig>) {
  const log = captureLog();
  const exporter = createAwsEmfExporter(
    { ...createDefaultConfig(), dimension_rollup_option: 'NoDimensionRollup', ...config },
    { log, env: {} },
  );
  // A long interval: collections happen only when the test flushes.
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'lambda-bot' }),
    readers: [reader],
  });
  return { provider, reader, log, meter: provider.getMeter('genai-otel-test') };
}

describe('awsemf under the OpenTelemetry SDK', () => {
  it('asks for delta counters and histograms, so every collection carries only its interval', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsemf-'));
    const path = join(dir, 'deep', 'emf.log');
    const { provider, reader, meter, log } = sdk({
      output_destination: 'file',
      path,
      namespace: 'GenAI',
    });
    const tokens = meter.createCounter('tokens', { unit: METRIC_GEN_AI_CLIENT_TOKEN_USAGE.unit });
    const duration = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name, {
      unit: METRIC_GEN_AI_CLIENT_OPERATION_DURATION.unit,
      advice: { explicitBucketBoundaries: [...METRIC_GEN_AI_CLIENT_OPERATION_DURATION.buckets!] },
    });
    const inflight = meter.createUpDownCounter('inflight', { unit: '{request}' });

    tokens.add(10, MODEL);
    duration.record(0.5, MODEL);
    duration.record(2, MODEL);
    inflight.add(3);
    await reader.forceFlush();
    tokens.add(5, MODEL);
    duration.record(1, MODEL);
    inflight.add(-1);
    await reader.forceFlush();
    await provider.shutdown();

    const docs = readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    const values = docs.map((d) => {
      const { _aws, ...rest } = d;
      return rest;
    });
    expect(values).toEqual([
      {
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
        tokens: 10,
        'gen_ai.client.operation.duration': { Max: 2, Min: 0.5, Count: 2, Sum: 2.5 },
      },
      { inflight: 3 },
      {
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
        tokens: 5,
        'gen_ai.client.operation.duration': { Max: 1, Min: 1, Count: 1, Sum: 1 },
      },
      { inflight: 2 },
      // Shutdown collects once more: counters and histograms have nothing new; the level is still 2.
      { inflight: 2 },
    ]);
    expect(docs[0]._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'GenAI',
        Dimensions: [[ATTR_GEN_AI_REQUEST_MODEL]],
        Metrics: [
          { Name: 'tokens', Unit: 'Count' },
          { Name: 'gen_ai.client.operation.duration', Unit: 'Seconds' },
        ],
      },
    ]);
    for (const d of docs) expect(emfErrors(JSON.stringify(d))).toEqual([]);
    expect(log.lines).toEqual([]);
  });

  it('writes one line per event to stdout, all of an export in one write', async () => {
    const writes: string[] = [];
    const stream = {
      write(chunk: string, cb: (e?: Error | null) => void) {
        writes.push(chunk);
        cb();
        return true;
      },
    };
    const log = captureLog();
    const config = { ...createDefaultConfig(), output_destination: 'stdout' as const };
    const exporter = new AwsEmfMetricExporter(
      createTranslator(config, log),
      new StdoutSink(stream),
      new DropCounter(log, 'stdout'),
    );
    const rm = resourceMetrics([gauge('a', '', [point(1, { k: 'x' }), point(2, { k: 'y' })])]);
    expect(await exportOnce(exporter, rm)).toEqual({ code: ExportResultCode.SUCCESS });
    expect(writes).toHaveLength(1);
    const lines = writes[0]!.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((l) => JSON.parse(l).k)).toEqual(['x', 'y']);
  });

  it('fails an export it cannot write, without throwing, and refuses exports after shutdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsemf-'));
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    const log = captureLog();
    const exporter = createAwsEmfExporter(
      { ...createDefaultConfig(), output_destination: 'file', path: join(blocker, 'emf.log') },
      { log, env: {} },
    );
    const rm = resourceMetrics([gauge('a', '', [point(1)])]);
    const result = await exportOnce(exporter, rm);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/ENOTDIR|EEXIST/);
    await exporter.shutdown();
    await exporter.shutdown();
    expect((await exportOnce(exporter, rm)).error?.message).toBe(
      'the awsemf exporter is shut down',
    );
    expect(log.lines).toEqual([]);
  });

  it('sends nothing for a collection with no data', async () => {
    const writes: string[] = [];
    const log = captureLog();
    const exporter = new AwsEmfMetricExporter(
      createTranslator({ ...createDefaultConfig(), output_destination: 'stdout' }, log),
      new StdoutSink({
        write(c, cb) {
          writes.push(c);
          cb();
          return true;
        },
      }),
      new DropCounter(log, 'stdout'),
    );
    expect((await exportOnce(exporter, resourceMetrics([]))).code).toBe(ExportResultCode.SUCCESS);
    expect(writes).toEqual([]);
  });
});
