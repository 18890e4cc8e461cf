import type { ReceiverHost } from '@genai-otel/component';
import { decodeRequest, type Rejection, type Signal } from './protos.js';
import { toReceivedLogs } from './to-logs.js';
import { toReceivedMetrics } from './to-metrics.js';
import { toReceivedSpans } from './to-spans.js';
import { PayloadError, QueueFullError } from './values.js';

/** The consumers a receiver feeds, per signal (only those some pipeline gives it). */
export type Consumers = Pick<ReceiverHost, 'traces' | 'metrics' | 'logs'>;

/** True when some pipeline takes `signal` from this receiver. */
export function accepts(consumers: Consumers, signal: Signal): boolean {
  return consumers[signal] !== undefined;
}

/**
 * One Export request's body, decoded and handed to the pipelines: what was refused of it
 * (partial success), or undefined. Throws, before anything reaches a pipeline, a PayloadError
 * when the body is not a valid request and a QueueFullError when an export queue it would reach
 * cannot take it now.
 */
export function ingest(
  consumers: Consumers,
  signal: Signal,
  body: Uint8Array,
  json: boolean,
): Rejection | undefined {
  const request = parse(signal, body, json);
  if (signal === 'traces' && consumers.traces) {
    const { spans, rejected, reason } = toReceivedSpans(request);
    if (spans.length > 0) {
      const full = consumers.traces.admits?.(spans.length);
      if (full !== undefined) throw new QueueFullError(full, spans.length, 'spans');
      consumers.traces.consume(spans);
    }
    return rejected > 0
      ? { count: rejected, message: `${rejected} span(s) refused: ${reason}` }
      : undefined;
  }
  if (signal === 'metrics' && consumers.metrics) {
    const { resources, rejected, reason } = toReceivedMetrics(request);
    for (const resourceMetrics of resources) consumers.metrics.consume(resourceMetrics);
    return rejected > 0
      ? { count: rejected, message: `${rejected} data point(s) refused: ${reason}` }
      : undefined;
  }
  if (signal === 'logs' && consumers.logs) {
    const { records, rejected, reason } = toReceivedLogs(request);
    if (records.length > 0) {
      const full = consumers.logs.admits?.(records.length);
      if (full !== undefined) throw new QueueFullError(full, records.length, 'log records');
      consumers.logs.consume(records);
    }
    return rejected > 0
      ? { count: rejected, message: `${rejected} log record(s) refused: ${reason}` }
      : undefined;
  }
  throw new PayloadError(`no pipeline takes ${signal} from this receiver`);
}

function parse(signal: Signal, body: Uint8Array, json: boolean): unknown {
  try {
    if (!json) return decodeRequest(signal, body);
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
    // An empty body is an empty request in either encoding.
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new PayloadError(
      `cannot decode the ${json ? 'JSON' : 'protobuf'} body: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
