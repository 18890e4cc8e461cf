import type { GenAIInstrumentationConfig } from '@genai-otel/instrumentation-core';

/** Options of {@link AnthropicInstrumentation}: the options every genai-otel instrumentation takes. */
export interface AnthropicInstrumentationConfig extends GenAIInstrumentationConfig {}
