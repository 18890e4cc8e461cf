import { createRequire } from 'node:module';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

// The protobufjs code generated from the official opentelemetry-proto files (the same decoder the
// test-utils OTLP receiver uses).
const require = createRequire(import.meta.url);
const root = require('otlp-transformer-protos/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** A request decoded with the official definitions, as plain objects. */
export function decode(bytes: Uint8Array) {
  return Request.toObject(Request.decode(bytes), {
    longs: String,
    enums: Number,
    bytes: String,
    arrays: true,
  });
}

/** What the official serialiser writes for `spans`. */
export function official(spans: ReadableSpan[]): Buffer {
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array);
}
