// The rules every genai-otel span source shares — `error.type`, content capping, the
// content-capture environment variable — without the instrumentation engine (no
// `@opentelemetry/instrumentation` loaded): `@genai-otel/instrumentation-core/rules`.
export { capContent, parseArguments, putContent, setContent } from './content.js';
export { errorType, recordError, USER_ABORT_ERROR_TYPE } from './errors.js';
export {
  captureContentFromEnv,
  DEFAULT_MAX_CONTENT_LENGTH,
  resolveCaptureContent,
  resolveMaxContentLength,
} from './settings.js';
export { tokenCount } from './usage.js';
