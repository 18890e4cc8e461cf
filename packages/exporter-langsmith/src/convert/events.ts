import { ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK } from '@genai-otel/semantic-conventions';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { addSeconds, isoMicros } from './time.js';

export interface RunEvent {
  name: string;
  time: string;
  kwargs?: Record<string, unknown>;
}

/** LangSmith computes time to first token from the first event of this name. */
export const NEW_TOKEN_EVENT = 'new_token';

/**
 * The span's events as run events (attributes as `kwargs`), and, for a streamed response, a
 * `new_token` event at start + `gen_ai.response.time_to_first_chunk`. `undefined` when there are none.
 */
export function runEvents(span: ReadableSpan): RunEvent[] | undefined {
  const ttft = span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
  if (span.events.length === 0 && typeof ttft !== 'number') return undefined;
  const events: RunEvent[] = [];
  if (typeof ttft === 'number' && Number.isFinite(ttft) && ttft >= 0) {
    events.push({ name: NEW_TOKEN_EVENT, time: isoMicros(addSeconds(span.startTime, ttft)) });
  }
  for (const event of span.events) {
    const e: RunEvent = { name: event.name, time: isoMicros(event.time) };
    if (event.attributes && Object.keys(event.attributes).length > 0) {
      e.kwargs = { ...event.attributes };
    }
    events.push(e);
  }
  return events;
}
