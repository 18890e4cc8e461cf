import type { GenAIInstrumentationConfig } from '@genai-otel/instrumentation-core';

/** Options of `GoogleGenAIInstrumentation`: those every genai-otel instrumentation takes. */
export type GoogleGenAIInstrumentationConfig = GenAIInstrumentationConfig;
