// Explicit exports: the public surface is exactly what is listed here.
export type { LangSmithExporterConfig } from './config.js';
export { childDottedOrder, dottedSegment, parseDottedOrder } from './convert/dotted-order.js';
export { runError } from './convert/errors.js';
export type { RunEvent } from './convert/events.js';
export { NEW_TOKEN_EVENT, runEvents } from './convert/events.js';
export { runIdFor } from './convert/ids.js';
export type { RunIO } from './convert/io.js';
export { runIO } from './convert/io.js';
export type { OpenAIChoice, OpenAIMessage, OpenAIToolCall } from './convert/messages.js';
export { inputMessages, openAITools, outputChoices } from './convert/messages.js';
export { CONTENT_ATTRIBUTES, lsProvider, runMetadata } from './convert/metadata.js';
export type { RunType } from './convert/run-type.js';
export { runTypeOf } from './convert/run-type.js';
export type { LangSmithRun, RunPlacement } from './convert/span-to-run.js';
export { spanToRun } from './convert/span-to-run.js';
export { dottedStamp, isoMicros } from './convert/time.js';
export type { UsageMetadata } from './convert/usage.js';
export { usageMetadata } from './convert/usage.js';
export type {
  DropLogger,
  LangSmithExporterStats,
  LangSmithSpanExporterOptions,
} from './exporter.js';
export {
  DEFAULT_LANGSMITH_ENDPOINT,
  DEFAULT_MAX_QUEUED_RUNS,
  DEFAULT_TIMEOUT_MS,
  LangSmithSpanExporter,
} from './exporter.js';
export { langsmithExporterFactory, resolveOptions } from './factory.js';
export type { PlacedSpan, RunTreeAssemblerOptions } from './tree/run-tree-assembler.js';
export { RunTreeAssembler } from './tree/run-tree-assembler.js';
