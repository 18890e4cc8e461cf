import { ATTR_SERVICE_NAME } from '@genai-otel/semantic-conventions';
import type { Attributes, HrTime } from '@opentelemetry/api';

/** `genai-otel debug · 6 spans · service openai-chat-demo`: what the lines below are, and whose. */
export function batchHeader(what: string, resource: Attributes | undefined): string {
  const service = resource?.[ATTR_SERVICE_NAME];
  return `genai-otel debug · ${what}${service === undefined ? '' : ` · service ${String(service)}`}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatDuration(duration: HrTime): string {
  return formatMs(duration[0] * 1e3 + duration[1] / 1e6);
}

/** `3.5ms`, `812ms`, `1.53s` */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms >= 10) return `${Math.round(ms)}ms`;
  return `${ms.toFixed(1)}ms`;
}
