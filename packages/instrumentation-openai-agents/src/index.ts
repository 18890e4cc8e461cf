export { descriptor, type OpenAIAgentsOptions } from './descriptor.js';
export {
  AGENTS_CORE_MODULE,
  OpenAIAgentsInstrumentation,
  SUPPORTED_VERSIONS,
} from './instrumentation.js';
