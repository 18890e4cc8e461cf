import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import type { Instrumentation } from '@opentelemetry/instrumentation';

/** The settings every GenAI instrumentation understands, resolved from the receiver config. */
export interface InstrumentationSettings {
  captureMessageContent: boolean;
  maxContentLength?: number;
  openai: { streamUsage: boolean };
}

/**
 * Instrumentation name (as written under `instrumentations:`) → constructor. Adding an SDK is one
 * line here plus a dependency.
 */
export const KNOWN_INSTRUMENTATIONS: Readonly<
  Record<string, (settings: InstrumentationSettings) => Instrumentation>
> = {
  openai: (s) =>
    new OpenAIInstrumentation({
      captureMessageContent: s.captureMessageContent,
      ...(s.maxContentLength === undefined ? {} : { maxContentLength: s.maxContentLength }),
      streamUsage: s.openai.streamUsage,
    }),
};
