import {
  type GenAIOtelMetricDefinition,
  METRIC_GEN_AI_AGENT_DURATION,
  METRIC_GEN_AI_AGENT_HANDOFFS,
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
  type MetricDefinition,
} from '@genai-otel/semantic-conventions';
import type { Counter, Histogram, Meter, ObservableCounter } from '@opentelemetry/api';

/** Every instrument the connector records into. */
export interface Instruments {
  tokenUsage: Histogram;
  operationDuration: Histogram;
  timeToFirstChunk: Histogram;
  /** Observed from the connector's own running totals (see Totals). */
  cost: ObservableCounter;
  unpriced: ObservableCounter;
  errors: ObservableCounter;
  agentDuration: Histogram;
  handoffs: Counter;
  toolDuration: Histogram;
  ragStageDuration: Histogram;
  retrievalCalls: Counter;
  retrievalTopScore: Histogram;
}

/** A histogram with the conventions' advised buckets (the SDK's default view honours the advice). */
function histogram(meter: Meter, d: MetricDefinition): Histogram {
  return meter.createHistogram(d.name, {
    unit: d.unit,
    description: d.description,
    ...(d.buckets ? { advice: { explicitBucketBoundaries: [...d.buckets] } } : {}),
  });
}

function counter(meter: Meter, d: GenAIOtelMetricDefinition): Counter {
  return meter.createCounter(d.name, { unit: d.unit, description: d.description });
}

function observableCounter(meter: Meter, d: GenAIOtelMetricDefinition): ObservableCounter {
  return meter.createObservableCounter(d.name, { unit: d.unit, description: d.description });
}

export function createInstruments(meter: Meter): Instruments {
  return {
    tokenUsage: histogram(meter, METRIC_GEN_AI_CLIENT_TOKEN_USAGE),
    operationDuration: histogram(meter, METRIC_GEN_AI_CLIENT_OPERATION_DURATION),
    timeToFirstChunk: histogram(meter, METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK),
    cost: observableCounter(meter, METRIC_GEN_AI_CLIENT_COST),
    unpriced: observableCounter(meter, METRIC_GEN_AI_CLIENT_COST_UNPRICED),
    errors: observableCounter(meter, METRIC_GEN_AI_ERRORS),
    agentDuration: histogram(meter, METRIC_GEN_AI_AGENT_DURATION),
    handoffs: counter(meter, METRIC_GEN_AI_AGENT_HANDOFFS),
    toolDuration: histogram(meter, METRIC_GEN_AI_TOOL_DURATION),
    ragStageDuration: histogram(meter, METRIC_GEN_AI_RAG_STAGE_DURATION),
    retrievalCalls: counter(meter, METRIC_GEN_AI_RETRIEVAL_CALLS),
    retrievalTopScore: histogram(meter, METRIC_GEN_AI_RETRIEVAL_TOP_SCORE),
  };
}
