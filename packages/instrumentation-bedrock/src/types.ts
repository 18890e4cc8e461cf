import type { GenAIInstrumentationConfig } from '@genai-otel/instrumentation-core';

/** Options of {@link BedrockInstrumentation}. */
export interface BedrockInstrumentationConfig extends GenAIInstrumentationConfig {
  /**
   * Ask InvokeAgent for its trace (`enableTrace`) when the app did not, so the agent's model
   * calls, tools, knowledge-base lookups and collaborators become spans; the trace events are
   * hidden from the app, which reads exactly what it would have read. The app's command object is
   * never changed (a copy is sent). Default `false`.
   */
  agentTrace?: boolean;
}
