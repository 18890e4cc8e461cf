import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import { GoogleGenAIInstrumentation, SUPPORTED_VERSIONS } from './instrumentation.js';

/** `receivers.genai.google_genai` in the YAML: nothing of its own yet. */
export type GoogleGenAIOptions = Record<string, never>;

/** How this package describes itself to the `genai` receiver. */
export const descriptor: InstrumentationDescriptor<GoogleGenAIOptions> = {
  name: 'google_genai',
  module: '@google/genai',
  versionRange: SUPPORTED_VERSIONS.join(' || '),
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaults: {},
  create: (s) =>
    new GoogleGenAIInstrumentation({
      enabled: s.enabled ?? true,
      captureMessageContent: s.captureMessageContent,
      ...(s.maxContentLength === undefined ? {} : { maxContentLength: s.maxContentLength }),
    }),
};
