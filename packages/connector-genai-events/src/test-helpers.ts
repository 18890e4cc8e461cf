// Test scaffolding (not exported): a real TracerProvider whose spans end into the connector, and
// a collecting LogsConsumer attached the way the sdk's logs pipelines attach one.
import type { LogsConsumer } from '@genai-otel/component';
import { type Attributes, type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { GenAIEventsConnector } from './genai-events-connector.js';

export const START_MS = 1_700_000_000_000;

export interface Harness {
  connector: GenAIEventsConnector;
  records: ReadableLogRecord[];
  tracer: Tracer;
  /** Ends a span with these attributes lasting `ms`; `error` sets an ERROR status with that message. */
  span(name: string, attributes: Attributes, ms?: number, error?: string): Span;
}

export function harness(captureContent = false): Harness {
  const connector = new GenAIEventsConnector({ captureContent });
  const records: ReadableLogRecord[] = [];
  const consumer: LogsConsumer = { consume: (r) => records.push(...r) };
  connector.attachLogs(consumer);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'support-bot', 'tenant.id': 'acme' }),
    spanProcessors: [connector.spanProcessor],
  });
  const tracer = provider.getTracer('test');
  return {
    connector,
    records,
    tracer,
    span(name, attributes, ms = 250, error) {
      const span = tracer.startSpan(name, { attributes, startTime: START_MS });
      if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
      span.end(START_MS + ms);
      return span;
    },
  };
}
