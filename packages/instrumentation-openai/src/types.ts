import type { GenAIInstrumentationConfig } from '@genai-otel/instrumentation-core';

/** Options of {@link OpenAIInstrumentation}. */
export interface OpenAIInstrumentationConfig extends GenAIInstrumentationConfig {
  /**
   * Ask for token usage on streamed chat completions that did not request it
   * (`stream_options.include_usage`), and hide the extra usage-only chunk from the caller so it
   * sees exactly the chunks it would have seen. The caller's params object is never mutated.
   * Default `false`.
   */
  streamUsage?: boolean;
}
