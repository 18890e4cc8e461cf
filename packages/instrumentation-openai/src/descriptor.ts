import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import { OpenAIInstrumentation, SUPPORTED_VERSIONS } from './instrumentation.js';

/** `receivers.genai.openai` in the YAML. */
export interface OpenAIOptions {
  /** Ask streamed chat completions for a final usage chunk so their token counts are known. */
  stream_usage: boolean;
}

/** How this package describes itself to the `genai` receiver. */
export const descriptor: InstrumentationDescriptor<OpenAIOptions> = {
  name: 'openai',
  module: 'openai',
  versionRange: SUPPORTED_VERSIONS.join(' || '),
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      stream_usage: {
        type: 'boolean',
        default: false,
        description:
          'Ask streamed chat completions for usage (stream_options.include_usage) so their token counts are recorded; the extra chunk is hidden from the app.',
      },
    },
  },
  defaults: { stream_usage: false },
  create: (s) =>
    new OpenAIInstrumentation({
      enabled: s.enabled ?? true,
      captureMessageContent: s.captureMessageContent,
      ...(s.maxContentLength === undefined ? {} : { maxContentLength: s.maxContentLength }),
      streamUsage: s.options.stream_usage === true,
    }),
};
