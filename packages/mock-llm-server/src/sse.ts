/** One server-sent event: `event` is omitted by OpenAI chat streams and set by the Responses API. */
export interface SseEvent {
  event?: string;
  data: string;
}

export function formatSse(e: SseEvent): string {
  return e.event === undefined ? `data: ${e.data}\n\n` : `event: ${e.event}\ndata: ${e.data}\n\n`;
}

export function jsonEvent(data: unknown, event?: string): SseEvent {
  return event === undefined
    ? { data: JSON.stringify(data) }
    : { event, data: JSON.stringify(data) };
}
