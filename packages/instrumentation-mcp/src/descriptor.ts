import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import { McpInstrumentation, MODULE, SUPPORTED_VERSIONS } from './instrumentation.js';

/** `receivers.genai.mcp` in the YAML: no options of its own. */
export type McpOptions = Record<string, never>;

/** How this package describes itself to the `genai` receiver. */
export const descriptor: InstrumentationDescriptor<McpOptions> = {
  name: 'mcp',
  module: MODULE,
  versionRange: SUPPORTED_VERSIONS.join(' || '),
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  defaults: {},
  create: (s) =>
    new McpInstrumentation({
      enabled: s.enabled ?? true,
      captureMessageContent: s.captureMessageContent,
      ...(s.maxContentLength === undefined ? {} : { maxContentLength: s.maxContentLength }),
    }),
};
