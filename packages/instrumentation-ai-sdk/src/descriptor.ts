import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import { AiSdkInstrumentation, MODULE, SUPPORTED_VERSIONS } from './instrumentation.js';

/** `receivers.genai.ai_sdk` in the YAML: no options of its own. */
export type AiSdkOptions = Record<string, never>;

/** How this package describes itself to the `genai` receiver. */
export const descriptor: InstrumentationDescriptor<AiSdkOptions> = {
  name: 'ai_sdk',
  module: MODULE,
  versionRange: SUPPORTED_VERSIONS.join(' || '),
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaults: {},
  create: (s) =>
    new AiSdkInstrumentation({
      enabled: s.enabled ?? true,
      captureMessageContent: s.captureMessageContent,
    }),
};
