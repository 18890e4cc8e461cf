/** `processors.genai_rollup` as written in the YAML. */
export interface RollupProcessorConfig {
  max_spans: number;
  max_pending_traces: number;
  max_conversations: number;
}

export function createDefaultConfig(): RollupProcessorConfig {
  return { max_spans: 100_000, max_pending_traces: 10_000, max_conversations: 100_000 };
}

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    max_spans: {
      type: 'integer',
      minimum: 1,
      default: 100_000,
      description:
        "Spans of this process tracked at once (about 100 bytes each); further ones are left out of their root's totals, counted.",
    },
    max_pending_traces: {
      type: 'integer',
      minimum: 1,
      default: 10_000,
      description:
        'Received traces (OTLP) whose spans wait for their root; past it the oldest are dropped from the roll-up, counted.',
    },
    max_conversations: {
      type: 'integer',
      minimum: 1,
      default: 100_000,
      description:
        'Conversation ids remembered to mark first turns (least recently used forgotten first; a forgotten one returning counts again).',
    },
  },
} as const;
