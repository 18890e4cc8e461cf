import type { ProcessorFactory } from '@genai-otel/component';
import { createDefaultConfig, type RollupProcessorConfig, schema } from './config.js';
import { RollupSpanProcessor } from './rollup-processor.js';

export const rollupProcessorFactory: ProcessorFactory<RollupProcessorConfig> = {
  kind: 'processor',
  type: 'genai_rollup',
  signals: ['traces'],
  description:
    "Puts the totals of each local root's trace on the root span (gen_ai.rollup.*: cost, tokens, LLM/tool calls, agents, handoffs, retrievals, errors) and marks each conversation's first turn; list it after genai_cost.",
  schema,
  createDefaultConfig,
  create(config, ctx) {
    const d = createDefaultConfig();
    return {
      spanProcessor: new RollupSpanProcessor({
        maxSpans: config.max_spans ?? d.max_spans,
        maxPendingTraces: config.max_pending_traces ?? d.max_pending_traces,
        maxConversations: config.max_conversations ?? d.max_conversations,
        log: ctx.log,
      }),
    };
  },
};
