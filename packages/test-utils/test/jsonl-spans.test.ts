import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonlMetrics, readJsonlSpans, startOtlpReceiver } from '../src/index.js';

describe('readJsonlSpans and readJsonlMetrics', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jsonl-spans-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads OTLP/JSON lines into the same shape the receiver gives for protobuf', async () => {
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'file-test' }),
      spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
    });
    const tracer = provider.getTracer('jsonl');
    tracer.startSpan('first', { kind: SpanKind.PRODUCER, attributes: { n: 1 } }).end();
    tracer.startSpan('second', { attributes: { big: 2 ** 40, list: ['a'] } }).end();
    const [a, b] = memory.getFinishedSpans();
    const line = (spans: (typeof a)[]) =>
      Buffer.from(JsonTraceSerializer.serializeRequest(spans as never)!).toString();
    const file = join(dir, 'spans.jsonl');
    // The file exporter appends metrics lines to the same file when both pipelines use it.
    const metricsLine = JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'm',
                  sum: {
                    dataPoints: [{ asInt: '7', timeUnixNano: '1' }],
                    aggregationTemporality: 2,
                    isMonotonic: true,
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    await writeFile(file, `${line([a])}\n\n${metricsLine}\n${line([b])}\n`);
    expect(
      (await readJsonlMetrics(file)).map((m) => [m.name, m.type, m.dataPoints[0]!.value]),
    ).toEqual([['m', 'sum', 7]]);

    const fromFile = await readJsonlSpans(file);
    expect(fromFile.map((s) => [s.name, s.kind, s.attributes])).toEqual([
      ['first', SpanKind.PRODUCER, { n: 1 }],
      ['second', SpanKind.INTERNAL, { big: 2 ** 40, list: ['a'] }],
    ]);

    const receiver = await startOtlpReceiver();
    try {
      const exporter = new ProtoExporter({ url: `${receiver.url}/v1/traces` });
      await new Promise((resolve) => exporter.export([a!, b!], resolve));
      expect(fromFile).toEqual(receiver.spans());
    } finally {
      await receiver.close();
    }
  });

  it('names the bad line', async () => {
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, '{"resourceSpans":[]}\nnot json\n');
    await expect(readJsonlSpans(file)).rejects.toThrow(`${file}:2:`);
  });
});
