// Explicit exports: the public surface is exactly what is listed here.
export type { Batch, Batched, LogEvent } from './batches.js';
export { PUT_LOG_EVENTS_LIMITS, toBatches } from './batches.js';
export type { AwsCloudWatchLogsExporterConfig } from './config.js';
export { createDefaultConfig, DEFAULT_QUEUE_SIZE, schema, validate } from './config.js';
// Creating a missing stream (and group, with tags and retention): shared with awsemf.
export type { CreateLogStreamOptions } from './create-log-stream.js';
export { CreateLogStreamError, createLogStream, errorName } from './create-log-stream.js';
export type { CloudWatchLogsExporterOptions } from './exporter.js';
export { CloudWatchLogsExporter, DEFAULT_SHUTDOWN_TIMEOUT_MS } from './exporter.js';
export { awsCloudWatchLogsExporterFactory, createAwsCloudWatchLogsExporter } from './factory.js';
// CloudWatch Logs' naming and retention rules, shared with the awsemf exporter.
export type { LogNameKind } from './log-names.js';
export {
  DEFAULT_LOG_STREAM_NAME,
  LOG_GROUP_NAME_PATTERN,
  LOG_NAME_MAX_LENGTH,
  LOG_RETENTION_DAYS,
  LOG_STREAM_NAME_PATTERN,
  logNameProblem,
  toLogGroupName,
  toLogStreamName,
} from './log-names.js';
// The lazily loaded CloudWatch Logs client and the reading of its answers, shared with awsemf.
export type { CloudWatchLogsSdk, LogsClientOptions } from './logs-client.js';
export { LazyLogsClient, RETRYABLE_ERROR_NAMES, rejectedCounts } from './logs-client.js';
export { timestampMs, toMessage } from './message.js';
export type { PutLogEventsOptions, RejectedReason } from './put-log-events.js';
export { PutLogEvents } from './put-log-events.js';
export { Router } from './routing.js';
