// Moved to @genai-otel/exporter-helper (shared by every exporter); re-exported for the builder.
export {
  describeFailure,
  ExportTimeoutError,
  isConnectionFailure,
  isRemote,
  isReported,
  markReported,
} from '@genai-otel/exporter-helper';
