/**
 * Environment variables GenAI instrumentations honour. Not part of the spec: an instrumentation
 * convention shared by the official contrib packages, OpenLLMetry and Python's instrumentations.
 */
export const ENV_CAPTURE_MESSAGE_CONTENT = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';
