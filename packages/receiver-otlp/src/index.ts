// Explicit exports: the public surface is exactly what is listed here. Nothing heavy loads at
// import: the receiver loads its servers and decoders when it starts.
export type {
  GrpcProtocolConfig,
  HttpProtocolConfig,
  OtlpReceiverConfig,
  TlsConfig,
} from './config.js';
export { DEFAULT_GRPC_ENDPOINT, DEFAULT_HTTP_ENDPOINT } from './config.js';
export { otlpReceiverFactory } from './factory.js';
export type { ReceivedSpan, ReceivedSpanData } from './received-span.js';
export { OtlpReceiver } from './receiver.js';
