import { ATTR_ERROR_TYPE } from '@genai-otel/semantic-conventions';
import {
  type Attributes,
  type Counter,
  createNoopMeter,
  type Meter,
  type MeterProvider,
} from '@opentelemetry/api';

/**
 * The BatchSpanProcessor reports a span refused by its full queue only through its
 * self-observability counter (`error.type=queue_full`); this meter hands that counter to us
 * and keeps every other self-metric a no-op.
 */
export function queueDropMeterProvider(onDrop: (count: number) => void): MeterProvider {
  const noop = createNoopMeter();
  const counter = {
    add(value: number, attributes?: Attributes) {
      if (attributes?.[ATTR_ERROR_TYPE] === 'queue_full') onDrop(value);
    },
  } as Counter;
  const meter: Meter = Object.create(noop, {
    createCounter: { value: () => counter },
  });
  return { getMeter: () => meter };
}
