export { descriptors, httpDescriptor, undiciDescriptor } from './descriptors.js';
export { insideLLMCall, ownExport } from './left-out.js';
export {
  DEFAULT_IGNORED_PATHS,
  type HttpOptions,
  pathMatcher,
  type UndiciOptions,
} from './options.js';
