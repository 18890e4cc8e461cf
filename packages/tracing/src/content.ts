// Content → attribute text: the instrumentations' one capping rule (see
// `@genai-otel/instrumentation-core`), so manual spans and SDK spans truncate alike.
export { capContent as contentText } from '@genai-otel/instrumentation-core/rules';
