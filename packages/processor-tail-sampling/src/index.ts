export type { PolicyConfig, PolicyType, TailSamplingConfig } from './config.js';
export { POLICY_TYPES } from './config.js';
export { tailSamplingProcessorFactory } from './factory.js';
export { compilePolicies, compilePolicy, type NamedPolicy, type Policy } from './policies.js';
export { TailSampler, type TailSamplerOptions, type TailSamplingStats } from './tail-sampler.js';
