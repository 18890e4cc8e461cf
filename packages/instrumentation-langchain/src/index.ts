export { descriptor, type LangChainOptions } from './descriptor.js';
export { GenAICallbackHandler } from './handler.js';
export {
  LangChainInstrumentation,
  type LangChainInstrumentationConfig,
  SUPPORTED_VERSIONS,
} from './instrumentation.js';
