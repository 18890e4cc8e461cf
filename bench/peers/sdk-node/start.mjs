// The yardstick of the startup bench: what the OpenTelemetry docs' Node.js getting-started sets up
// (`node --import ./start.mjs app.mjs`), with traces over OTLP/HTTP protobuf and nothing else.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { NodeSDK } from '@opentelemetry/sdk-node';

const sdk = new NodeSDK({ traceExporter: new OTLPTraceExporter() });
sdk.start();
process.once('beforeExit', () => sdk.shutdown());
