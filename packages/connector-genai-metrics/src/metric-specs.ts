import {
  METRIC_GEN_AI_AGENT_DURATION,
  METRIC_GEN_AI_AGENT_HANDOFFS,
  METRIC_GEN_AI_BUDGET_EXCEEDED,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_COST_UNPRICED,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GEN_AI_ERRORS,
  METRIC_GEN_AI_RAG_STAGE_DURATION,
  METRIC_GEN_AI_RETRIEVAL_CALLS,
  METRIC_GEN_AI_RETRIEVAL_TOP_SCORE,
  METRIC_GEN_AI_TOOL_DURATION,
  METRIC_MCP_CLIENT_OPERATION_DURATION,
  METRIC_MCP_SERVER_OPERATION_DURATION,
  type MetricDefinition,
} from '@genai-otel/semantic-conventions';
import { ValueType } from '@opentelemetry/api';
import { InstrumentType, type MetricDescriptor } from '@opentelemetry/sdk-metrics';

/** Index of each metric the connector emits, in `METRIC_SPECS`. */
export const M = {
  TOKEN_USAGE: 0,
  OPERATION_DURATION: 1,
  TIME_TO_FIRST_CHUNK: 2,
  COST: 3,
  UNPRICED: 4,
  ERRORS: 5,
  AGENT_DURATION: 6,
  HANDOFFS: 7,
  TOOL_DURATION: 8,
  RAG_STAGE_DURATION: 9,
  RETRIEVAL_CALLS: 10,
  RETRIEVAL_TOP_SCORE: 11,
  BUDGET_EXCEEDED: 12,
  MCP_CLIENT_DURATION: 13,
  MCP_SERVER_DURATION: 14,
} as const;

/** One metric: what a reader is told about it and how it is aggregated. */
export interface MetricSpec {
  readonly descriptor: MetricDescriptor;
  /** A histogram (explicit buckets) or else a monotonic sum. */
  readonly histogram: boolean;
  /** Upper bounds of the buckets (histograms; empty for sums). */
  readonly boundaries: number[];
  /**
   * The instrument it would be in the metrics SDK: what a reader's temporality and aggregation
   * selectors are asked about (the running totals were observable counters, so they stay so).
   */
  readonly instrumentType: InstrumentType;
}

/** The metrics SDK's default boundaries, for a histogram the conventions give none. */
const SDK_DEFAULT_BOUNDARIES = [
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
];

function descriptor(d: MetricDefinition): MetricDescriptor {
  return { name: d.name, unit: d.unit, description: d.description, valueType: ValueType.DOUBLE };
}

function histogram(d: MetricDefinition): MetricSpec {
  return {
    descriptor: descriptor(d),
    histogram: true,
    boundaries: [...(d.buckets ?? SDK_DEFAULT_BOUNDARIES)],
    instrumentType: InstrumentType.HISTOGRAM,
  };
}

function sum(d: MetricDefinition, instrumentType: InstrumentType): MetricSpec {
  return { descriptor: descriptor(d), histogram: false, boundaries: [], instrumentType };
}

/** Every metric the connector emits, by `M` index. */
export const METRIC_SPECS: readonly MetricSpec[] = [
  histogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE),
  histogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION),
  histogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK),
  sum(METRIC_GEN_AI_CLIENT_COST, InstrumentType.OBSERVABLE_COUNTER),
  sum(METRIC_GEN_AI_CLIENT_COST_UNPRICED, InstrumentType.OBSERVABLE_COUNTER),
  sum(METRIC_GEN_AI_ERRORS, InstrumentType.OBSERVABLE_COUNTER),
  histogram(METRIC_GEN_AI_AGENT_DURATION),
  sum(METRIC_GEN_AI_AGENT_HANDOFFS, InstrumentType.COUNTER),
  histogram(METRIC_GEN_AI_TOOL_DURATION),
  histogram(METRIC_GEN_AI_RAG_STAGE_DURATION),
  sum(METRIC_GEN_AI_RETRIEVAL_CALLS, InstrumentType.COUNTER),
  histogram(METRIC_GEN_AI_RETRIEVAL_TOP_SCORE),
  sum(METRIC_GEN_AI_BUDGET_EXCEEDED, InstrumentType.COUNTER),
  histogram(METRIC_MCP_CLIENT_OPERATION_DURATION),
  histogram(METRIC_MCP_SERVER_OPERATION_DURATION),
];
