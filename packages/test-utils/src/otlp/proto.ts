// The protobufjs static code generated from the official opentelemetry-proto .proto files, as
// shipped by @opentelemetry/otlp-transformer up to 0.216.0 (aliased `otlp-transformer-protos`; later
// versions replaced it with a hand-written encoder that cannot decode requests). 0.214.0: the last
// release whose generated code carries all three signals (0.215 and 0.216 dropped logs).
import generatedRoot from 'otlp-transformer-protos/build/src/generated/root.js';

interface ToObjectOptions {
  longs?: StringConstructor;
  enums?: NumberConstructor;
  defaults?: boolean;
  arrays?: boolean;
}

/** The static methods of one protobufjs-generated message class. */
interface MessageType {
  decode(bytes: Uint8Array): object;
  encode(message: object): { finish(): Uint8Array };
  fromObject(object: object): object;
  toObject(message: object, options?: ToObjectOptions): Record<string, unknown>;
}

interface GeneratedRoot {
  opentelemetry: {
    proto: {
      collector: {
        trace: {
          v1: { ExportTraceServiceRequest: MessageType; ExportTraceServiceResponse: MessageType };
        };
        metrics: {
          v1: {
            ExportMetricsServiceRequest: MessageType;
            ExportMetricsServiceResponse: MessageType;
          };
        };
        logs: {
          v1: { ExportLogsServiceRequest: MessageType; ExportLogsServiceResponse: MessageType };
        };
      };
    };
  };
}

const collector = (generatedRoot as unknown as GeneratedRoot).opentelemetry.proto.collector;

export type Signal = 'traces' | 'metrics' | 'logs';

const REQUEST: Record<Signal, MessageType> = {
  traces: collector.trace.v1.ExportTraceServiceRequest,
  metrics: collector.metrics.v1.ExportMetricsServiceRequest,
  logs: collector.logs.v1.ExportLogsServiceRequest,
};
const RESPONSE: Record<Signal, MessageType> = {
  traces: collector.trace.v1.ExportTraceServiceResponse,
  metrics: collector.metrics.v1.ExportMetricsServiceResponse,
  logs: collector.logs.v1.ExportLogsServiceResponse,
};

/**
 * The canonical plain form both encodings are normalised to: lowerCamelCase keys, int64 as decimal
 * strings, enums as numbers, bytes as Uint8Array, unset scalars omitted, repeated fields as arrays.
 */
const PLAIN: ToObjectOptions = { longs: String, enums: Number, defaults: false, arrays: true };

export function decodeProtobuf(signal: Signal, bytes: Uint8Array): Record<string, unknown> {
  const type = REQUEST[signal];
  return type.toObject(type.decode(bytes), PLAIN);
}

/**
 * OTLP/JSON differs from protobuf's JSON mapping in one place: trace and span ids are hex, not
 * base64. They are turned into bytes first, then the official message's `fromObject` validates and
 * converts the rest (int64 strings, enum numbers, base64 bytes values).
 */
export function decodeJson(signal: Signal, json: unknown): Record<string, unknown> {
  const type = REQUEST[signal];
  return type.toObject(type.fromObject(hexIdsToBytes(json) as object), PLAIN);
}

const HEX_ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

function hexIdsToBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hexIdsToBytes);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = HEX_ID_KEYS.has(k) && typeof v === 'string' ? Buffer.from(v, 'hex') : hexIdsToBytes(v);
  }
  return out;
}

/** An empty Export…ServiceResponse, the success answer of a collector. */
export function encodeEmptyResponse(signal: Signal): Uint8Array {
  const type = RESPONSE[signal];
  return type.encode(type.fromObject({})).finish();
}
