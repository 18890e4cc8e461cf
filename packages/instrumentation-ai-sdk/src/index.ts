export { type AiSdkOptions, descriptor } from './descriptor.js';
export {
  AiSdkInstrumentation,
  type AiSdkInstrumentationConfig,
  SUPPORTED_VERSIONS,
} from './instrumentation.js';
