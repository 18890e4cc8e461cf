import { genaiEventsConnectorFactory } from '@genai-otel/connector-genai-events';
import { genaiMetricsConnectorFactory } from '@genai-otel/connector-genai-metrics';
import { awsEmfExporterFactory } from '@genai-otel/exporter-cloudwatch-emf';
import { awsCloudWatchLogsExporterFactory } from '@genai-otel/exporter-cloudwatch-logs';
import { langsmithExporterFactory } from '@genai-otel/exporter-langsmith';
import { costProcessorFactory } from '@genai-otel/processor-cost';
import { redactionProcessorFactory } from '@genai-otel/processor-redaction';
import { otlpReceiverFactory } from '@genai-otel/receiver-otlp';
import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from './default-registry.js';
import type { AnyComponentFactory } from './registry.js';

const header = (f: object) => {
  const { kind, type, aliases, signals, connects, description } = f as Record<string, unknown>;
  return { kind, type, aliases, signals, connects, description };
};

describe('default registry: component packages loaded on first use', () => {
  it.each([
    costProcessorFactory,
    redactionProcessorFactory,
    genaiMetricsConnectorFactory,
    awsEmfExporterFactory,
    langsmithExporterFactory,
    otlpReceiverFactory,
    genaiEventsConnectorFactory,
    awsCloudWatchLogsExporterFactory,
  ] as AnyComponentFactory[])(
    '$type: the lazy factory says what the package factory says',
    (real) => {
      const lazy = createDefaultRegistry().get(real.kind, real.type);
      expect(lazy).toBeDefined();
      expect(header(lazy as object)).toEqual(header(real));
      expect(lazy?.schema).toEqual(real.schema);
      expect(lazy?.createDefaultConfig()).toEqual(real.createDefaultConfig());
      expect(lazy?.validate?.(real.createDefaultConfig())).toEqual(
        real.validate?.(real.createDefaultConfig()) ?? [],
      );
    },
  );
});
