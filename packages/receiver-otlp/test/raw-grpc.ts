/**
 * One raw OTLP/gRPC trace Export call, bytes in and bytes out, so a test can send what no
 * exporter would (malformed bodies, missing auth) and see the receiver's exact status.
 */
import {
  credentials,
  Metadata,
  makeGenericClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';

/** A client of the trace service's Export with raw bytes (for a connection a test holds open). */
export const RawTraceClient = makeGenericClientConstructor(
  {
    Export: {
      path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      requestStream: false,
      responseStream: false,
      requestSerialize: (b: Buffer) => b,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Buffer) => b,
      responseDeserialize: (b: Buffer) => b,
    },
  },
  'TraceService',
);

/** The response bytes, or the error. */
export function rawExport(
  address: string,
  body: Uint8Array,
  metadata = new Metadata(),
): Promise<{ error?: ServiceError; response?: Buffer }> {
  const client = new RawTraceClient(address, credentials.createInsecure());
  return new Promise((resolve) => {
    (client as unknown as Record<string, (...a: unknown[]) => void>).Export!(
      Buffer.from(body),
      metadata,
      (error: ServiceError | null, response: Buffer) => {
        client.close();
        resolve(error ? { error } : { response });
      },
    );
  });
}
