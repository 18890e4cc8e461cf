export { writeAttribute, writeAttributes } from '@genai-otel/span-attributes';
export { endpointReader } from './endpoint.js';
export { GenAIInstrumentation } from './instrumentation.js';
export * from './rules.js';
export type {
  ApiHandler,
  CallRoute,
  CallRouter,
  CreateFn,
  DescriptorSettings,
  Dict,
  Endpoint,
  GenAIInstrumentationConfig,
  InstrumentationDescriptor,
  PatchTarget,
  ProviderSpec,
  ResourceLike,
  Settings,
  StreamAccumulator,
} from './types.js';
export { putNumber, recordUsage, setNumber, setString } from './usage.js';
