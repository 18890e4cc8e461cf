// Moved to @genai-otel/exporter-helper (shared by every exporter); re-exported for the builder.
export { ExportReporter, type ExportReporterOptions } from '@genai-otel/exporter-helper';
