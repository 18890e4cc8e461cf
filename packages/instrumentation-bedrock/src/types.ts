import type { GenAIInstrumentationConfig } from '@genai-otel/instrumentation-core';

/** Options of {@link BedrockInstrumentation}: the options every genai-otel instrumentation takes. */
export interface BedrockInstrumentationConfig extends GenAIInstrumentationConfig {}
