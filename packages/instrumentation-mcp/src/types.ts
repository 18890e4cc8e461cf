import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Options of `McpInstrumentation`. */
export interface McpInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record a `tools/call`'s arguments and result (`gen_ai.tool.call.arguments` / `.result`, opt-in
   * in the conventions). Default `false`; when unset,
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true` turns it on.
   */
  captureMessageContent?: boolean;
  /** Longest captured attribute, in characters. Default 16384. */
  maxContentLength?: number;
}
