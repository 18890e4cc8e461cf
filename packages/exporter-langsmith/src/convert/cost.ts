import type { Attributes } from '@opentelemetry/api';

/** The cost fields of `usage_metadata`, in the span's currency (USD for `genai_cost`). */
export interface RunCost {
  input_cost?: number;
  output_cost?: number;
  total_cost?: number;
}

/** The cost `genai_cost` put on the span; `undefined` when it priced nothing. */
export function costOf(_attributes: Attributes): RunCost | undefined {
  return undefined;
}
