import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import {
  AGENT_RUNTIME_MODULE,
  BedrockInstrumentation,
  RUNTIME_MODULE,
  SUPPORTED_VERSIONS,
} from './instrumentation.js';

/** `receivers.genai.bedrock` in the YAML: nothing of its own yet. */
export type BedrockOptions = Record<string, never>;

/** How this package describes itself to the `genai` receiver: two clients, one instrumentation. */
export const descriptor: InstrumentationDescriptor<BedrockOptions> = {
  name: 'bedrock',
  module: RUNTIME_MODULE,
  modules: [RUNTIME_MODULE, AGENT_RUNTIME_MODULE],
  versionRange: SUPPORTED_VERSIONS.join(' || '),
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaults: {},
  create: (s) =>
    new BedrockInstrumentation({
      enabled: s.enabled ?? true,
      captureMessageContent: s.captureMessageContent,
      ...(s.maxContentLength === undefined ? {} : { maxContentLength: s.maxContentLength }),
    }),
};
