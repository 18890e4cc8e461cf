import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import { AnthropicInstrumentation, SUPPORTED_VERSIONS } from './instrumentation.js';

/** `receivers.genai.anthropic` in the YAML: nothing of its own yet. */
export type AnthropicOptions = Record<string, never>;

/** How this package describes itself to the `genai` receiver. */
export const descriptor: InstrumentationDescriptor<AnthropicOptions> = {
  name: 'anthropic',
  module: '@anthropic-ai/sdk',
  versionRange: SUPPORTED_VERSIONS.join(' || '),
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaults: {},
  create: (s) =>
    new AnthropicInstrumentation({
      enabled: s.enabled ?? true,
      captureMessageContent: s.captureMessageContent,
      ...(s.maxContentLength === undefined ? {} : { maxContentLength: s.maxContentLength }),
    }),
};
