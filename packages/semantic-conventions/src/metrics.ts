/** Metric instruments of the GenAI conventions: name, unit, description and bucket boundaries. */

export interface MetricDefinition {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** Explicit histogram bucket boundaries advised by the conventions (histograms only). */
  readonly buckets?: readonly number[];
}

/** Advised boundaries for token counts: powers of four from 1 to 4^13. */
export const TOKEN_USAGE_BUCKETS: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** Advised boundaries for durations in seconds: 10 ms doubling to ~82 s. */
export const DURATION_BUCKETS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE: MetricDefinition = {
  name: 'gen_ai.client.token.usage',
  unit: '{token}',
  description: 'Number of input and output tokens used',
  buckets: TOKEN_USAGE_BUCKETS,
};

export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION: MetricDefinition = {
  name: 'gen_ai.client.operation.duration',
  unit: 's',
  description: 'GenAI operation duration',
  buckets: DURATION_BUCKETS,
};

export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK: MetricDefinition = {
  name: 'gen_ai.client.operation.time_to_first_chunk',
  unit: 's',
  description: 'Time from the request to the first chunk of a streamed response',
  buckets: DURATION_BUCKETS,
};

export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK: MetricDefinition = {
  name: 'gen_ai.client.operation.time_per_output_chunk',
  unit: 's',
  description: 'Time between consecutive chunks of a streamed response, after the first',
  buckets: DURATION_BUCKETS,
};
