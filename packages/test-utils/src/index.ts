export type { CapturedLog } from './capture-log.js';
export { captureLog } from './capture-log.js';
export type {
  FakeCloudWatchLogs,
  InjectedFailure,
  RecordedCall,
  StoredEvent,
} from './cloudwatch-logs-server.js';
export { startFakeCloudWatchLogs } from './cloudwatch-logs-server.js';
export { freePort } from './free-port.js';
export { readJsonlLogs, readJsonlMetrics, readJsonlSpans } from './jsonl-spans.js';
export { insightsEqualities, insightsQueryFields } from './logs-insights.js';
export type { FlatDataPoint, FlatLogRecord, FlatMetric, FlatSpan } from './otlp/flatten.js';
export type { Signal } from './otlp/proto.js';
export type {
  OtlpFailOptions,
  OtlpReceiver,
  OtlpReceiverOptions,
  OtlpRequest,
} from './otlp-receiver.js';
export { startOtlpReceiver } from './otlp-receiver.js';
export type { ExampleRun, RunExampleOptions } from './run-example.js';
export { runExample } from './run-example.js';
export type { RunNodeOptions, RunNodeResult } from './run-node.js';
export { runNode } from './run-node.js';
export { compareNanos, sortTreeLines, spanTree, traceOf } from './span-tree.js';
export type { TestTracing, TestTracingOptions } from './test-tracing.js';
export { collect, createTestTracing } from './test-tracing.js';
