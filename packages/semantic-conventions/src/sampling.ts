// genai-otel's own telemetry of the tail_sampling processor (the collector's processor reports
// the same facts as otelcol_processor_tail_sampling_*).
import type { GenAIOtelMetricDefinition } from './cost.js';

/** `sampled` or `not_sampled`: values in `GENAI_OTEL_TAIL_SAMPLING_DECISION`. */
export const ATTR_GENAI_OTEL_TAIL_SAMPLING_DECISION = 'tail_sampling.decision';

export const GENAI_OTEL_TAIL_SAMPLING_DECISION = {
  SAMPLED: 'sampled',
  NOT_SAMPLED: 'not_sampled',
} as const;

export const METRIC_GENAI_OTEL_TAIL_SAMPLING_TRACES: GenAIOtelMetricDefinition = {
  name: 'genai_otel.tail_sampling.traces',
  unit: '{trace}',
  instrument: 'counter',
  description: 'Traces tail_sampling decided, by decision',
  attributes: [ATTR_GENAI_OTEL_TAIL_SAMPLING_DECISION],
};

export const METRIC_GENAI_OTEL_TAIL_SAMPLING_DROPPED_TOO_EARLY: GenAIOtelMetricDefinition = {
  name: 'genai_otel.tail_sampling.traces.dropped_too_early',
  unit: '{trace}',
  instrument: 'counter',
  description:
    'Traces tail_sampling dropped before their decision because num_traces were already waiting',
  attributes: [],
};
