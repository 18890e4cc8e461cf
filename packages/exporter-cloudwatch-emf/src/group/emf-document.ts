/** The EMF document as CloudWatch reads it (see the EMF specification). */
import type { CloudWatchUnit } from '../translate/units.js';
import type { EmfValue } from '../translate/values.js';

export interface MetricDefinition {
  Name: string;
  Unit: CloudWatchUnit;
}

export interface MetricDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: MetricDefinition[];
}

export interface EmfMetadata {
  /** Epoch milliseconds. */
  Timestamp: number;
  CloudWatchMetrics: MetricDirective[];
  /** Read by the CloudWatch agent only: which log group / stream the event goes to. */
  LogGroupName?: string;
  LogStreamName?: string;
}

/** Root members: `_aws`, then dimension values (strings), then metric values. */
export type EmfDocument = { _aws: EmfMetadata } & Record<string, EmfMetadata | string | EmfValue>;

/** One serialized EMF document and where it goes. */
export interface EmfEvent {
  /** `_aws.Timestamp`, for PutLogEvents ordering. */
  timestamp: number;
  /** The document as one line of JSON. */
  message: string;
  logGroupName: string;
  logStreamName: string;
}
