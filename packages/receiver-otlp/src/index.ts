// Explicit exports: the public surface is exactly what is listed here.
export type {
  GrpcProtocolConfig,
  HttpProtocolConfig,
  OtlpReceiverConfig,
  TlsConfig,
} from './config.js';
export { DEFAULT_GRPC_ENDPOINT, DEFAULT_HTTP_ENDPOINT } from './config.js';
export { otlpReceiverFactory } from './factory.js';
export { ReceivedSpan, type ReceivedSpanData } from './received-span.js';
export { OtlpReceiver } from './receiver.js';
export { type ReceivedSpans, toReceivedSpans } from './to-spans.js';
