import type { ProcessorFactory } from '@genai-otel/component';
import { parseDuration } from '@genai-otel/config';
import { createDefaultConfig, schema, type TailSamplingConfig, validate } from './config.js';
import { compilePolicies } from './policies.js';
import { TailSampler } from './tail-sampler.js';

export const tailSamplingProcessorFactory: ProcessorFactory<TailSamplingConfig> = {
  kind: 'processor',
  type: 'tail_sampling',
  signals: ['traces'],
  description:
    "Keeps or drops whole traces after decision_wait by the collector's policies (status_code, latency, numeric/string/boolean_attribute, probabilistic, span_count, ottl_condition, and); put it only on pipelines into exporters, never before metrics connectors.",
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    const d = createDefaultConfig();
    const policies = compilePolicies(config.policies ?? []);
    const cache = { ...d.decision_cache, ...config.decision_cache };
    return {
      gate: (next) =>
        new TailSampler(next, {
          policies,
          decisionWaitMs: parseDuration(config.decision_wait ?? d.decision_wait),
          numTraces: config.num_traces ?? d.num_traces,
          sampledCacheSize: cache.sampled_cache_size,
          nonSampledCacheSize: cache.non_sampled_cache_size,
          log: ctx.log,
        }),
    };
  },
};
