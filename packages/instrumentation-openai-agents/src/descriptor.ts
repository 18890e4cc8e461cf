import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import {
  AGENTS_CORE_MODULE,
  OpenAIAgentsInstrumentation,
  SUPPORTED_VERSIONS,
} from './instrumentation.js';

/** `receivers.genai.openai_agents` in the YAML: no options of its own yet. */
export type OpenAIAgentsOptions = Record<string, never>;

/** How this package describes itself to the `genai` receiver. */
export const descriptor: InstrumentationDescriptor<OpenAIAgentsOptions> = {
  name: 'openai_agents',
  module: AGENTS_CORE_MODULE,
  versionRange: SUPPORTED_VERSIONS.join(' || '),
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaults: {},
  create: (s) =>
    new OpenAIAgentsInstrumentation({
      enabled: s.enabled ?? true,
      captureMessageContent: s.captureMessageContent,
      ...(s.maxContentLength === undefined ? {} : { maxContentLength: s.maxContentLength }),
    }),
};
