import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Options of {@link OpenAIInstrumentation}. */
export interface OpenAIInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompts, completions, system instructions and tool definitions as JSON attributes
   * (`gen_ai.input.messages`, `gen_ai.output.messages`, `gen_ai.system_instructions`,
   * `gen_ai.tool.definitions`). Default `false`; when unset,
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true` turns it on.
   */
  captureMessageContent?: boolean;
  /**
   * Longest serialised content attribute, in characters (UTF-16 code units). Longer values have
   * their longest strings shortened and marked `…[truncated]` until they fit. Default 16384.
   */
  maxContentLength?: number;
  /**
   * Ask for token usage on streamed chat completions that did not request it
   * (`stream_options.include_usage`), and hide the extra usage-only chunk from the caller so it
   * sees exactly the chunks it would have seen. The caller's params object is never mutated.
   * Default `false`.
   */
  streamUsage?: boolean;
}
