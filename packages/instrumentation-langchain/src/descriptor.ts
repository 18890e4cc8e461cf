import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import { LangChainInstrumentation, SUPPORTED_VERSIONS } from './instrumentation.js';

/** `receivers.genai.langchain` in the YAML: nothing of its own yet. */
export type LangChainOptions = Record<string, never>;

/** How this package describes itself to the `genai` receiver. */
export const descriptor: InstrumentationDescriptor<LangChainOptions> = {
  name: 'langchain',
  module: '@langchain/core',
  versionRange: SUPPORTED_VERSIONS.join(' || '),
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaults: {},
  create: (s) =>
    new LangChainInstrumentation({
      enabled: s.enabled ?? true,
      captureMessageContent: s.captureMessageContent,
      ...(s.maxContentLength === undefined ? {} : { maxContentLength: s.maxContentLength }),
    }),
};
