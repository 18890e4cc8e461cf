/**
 * Splitting an EMF event that is too large for its transport (a UDP datagram) into events that
 * each carry fewer of its metrics: same `_aws` metadata (timestamp, namespace, dimension sets,
 * log group), same dimension values, a share of the metrics. CloudWatch reads each part as it
 * would have read its metrics in the whole.
 */
import type { EmfDocument, EmfEvent, MetricDefinition } from '../group/emf-document.js';

export interface SplitEvent {
  /** Parts of at most `maxBytes` (UTF-8), in the order of the metrics in the event. */
  events: EmfEvent[];
  /** Metrics left out because an event holding only that metric is still too large. */
  dropped: number;
}

interface Member {
  definition: MetricDefinition;
  /** Index of its directive in `_aws.CloudWatchMetrics`. */
  directive: number;
}

/** Halves the event's metrics until every part fits in `maxBytes`. */
export function splitEvent(event: EmfEvent, maxBytes: number): SplitEvent {
  const doc = JSON.parse(event.message) as EmfDocument;
  const meta = doc._aws;
  const members: Member[] = [];
  meta.CloudWatchMetrics.forEach((d, directive) => {
    for (const definition of d.Metrics) members.push({ definition, directive });
  });
  const metricNames = new Set(members.map((m) => m.definition.Name));
  const dimensions = Object.entries(doc).filter(([k]) => k !== '_aws' && !metricNames.has(k));

  const document = (part: Member[]): string => {
    const directives = meta.CloudWatchMetrics.map((d, i) => ({
      ...d,
      Metrics: part.filter((m) => m.directive === i).map((m) => m.definition),
    })).filter((d) => d.Metrics.length > 0);
    const out: Record<string, unknown> = { _aws: { ...meta, CloudWatchMetrics: directives } };
    for (const [k, v] of dimensions) out[k] = v;
    for (const m of part) out[m.definition.Name] = doc[m.definition.Name];
    return JSON.stringify(out);
  };

  const events: EmfEvent[] = [];
  let dropped = 0;
  const place = (part: Member[]): void => {
    const message = document(part);
    if (Buffer.byteLength(message) <= maxBytes) {
      events.push({ ...event, message });
    } else if (part.length <= 1) {
      dropped += part.length;
    } else {
      const half = Math.ceil(part.length / 2);
      place(part.slice(0, half));
      place(part.slice(half));
    }
  };
  place(members);
  return { events, dropped };
}
