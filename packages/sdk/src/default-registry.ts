import { genaiMetricsConnectorFactory } from '@genai-otel/connector-genai-metrics';
import { awsEmfExporterFactory } from '@genai-otel/exporter-cloudwatch-emf';
import { langsmithExporterFactory } from '@genai-otel/exporter-langsmith';
import { costProcessorFactory } from '@genai-otel/processor-cost';
import { redactionProcessorFactory } from '@genai-otel/processor-redaction';
import { otlpReceiverFactory } from '@genai-otel/receiver-otlp';
import { debugExporterFactory } from './components/exporter-debug/factory.js';
import { fileExporterFactory } from './components/exporter-file/factory.js';
import { otlpHttpExporterFactory } from './components/exporter-otlp-http/factory.js';
import { prometheusExporterFactory } from './components/exporter-prometheus/factory.js';
import { batchProcessorFactory } from './components/processor-batch/factory.js';
import { genaiReceiverFactory } from './components/receiver-genai/factory.js';
import { ComponentRegistry } from './registry.js';

/** A registry with every built-in component; add your own with `.register(factory)`. */
export function createDefaultRegistry(): ComponentRegistry {
  return new ComponentRegistry()
    .register(genaiReceiverFactory)
    .register(otlpReceiverFactory)
    .register(batchProcessorFactory)
    .register(otlpHttpExporterFactory)
    .register(debugExporterFactory)
    .register(fileExporterFactory)
    .register(costProcessorFactory)
    .register(redactionProcessorFactory)
    .register(genaiMetricsConnectorFactory)
    .register(prometheusExporterFactory)
    .register(awsEmfExporterFactory)
    .register(langsmithExporterFactory);
}
