export { type Attempt, attemptSignal, currentAttempt, runInAttempt } from './attempt-scope.js';
export { backoffMs, NO_RETRY, nextWait, type RetryPolicy, sleep } from './backoff.js';
export {
  describeFailure,
  ExportTimeoutError,
  isConnectionFailure,
  isRemote,
  isReported,
  markReported,
  type Tense,
} from './describe-failure.js';
export {
  httpStatusOf,
  isPermanent,
  isRetryableStatus,
  PermanentError,
  parseRetryAfter,
  permanent,
  retryAfterOf,
  withRetryAfter,
} from './errors.js';
export { ExportQueue, type ExportQueueOptions } from './export-queue.js';
export { ExportReporter, type ExportReporterOptions } from './export-reporter.js';
export { silenceConsole } from './silence-console.js';
export { ConnectError, createAgent, type TlsMaterial, type UnrefableAgent } from './unref-agent.js';
