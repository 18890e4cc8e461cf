import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import {
  AGENT_RUNTIME_MODULE,
  BedrockInstrumentation,
  RUNTIME_MODULE,
  SUPPORTED_VERSIONS,
} from './instrumentation.js';

/** `receivers.genai.bedrock` in the YAML. */
export interface BedrockOptions {
  /** Ask InvokeAgent for its trace, hidden from the app, so the agent's steps become spans. */
  agent_trace: boolean;
}

/** How this package describes itself to the `genai` receiver: two clients, one instrumentation. */
export const descriptor: InstrumentationDescriptor<BedrockOptions> = {
  name: 'bedrock',
  module: RUNTIME_MODULE,
  modules: [RUNTIME_MODULE, AGENT_RUNTIME_MODULE],
  versionRange: SUPPORTED_VERSIONS.join(' || '),
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      agent_trace: {
        type: 'boolean',
        default: false,
        description:
          "Ask InvokeAgent for its trace (enableTrace) when the app does not, so the agent's model calls, tools, knowledge bases and collaborators become spans; the trace events are hidden from the app.",
      },
    },
  },
  defaults: { agent_trace: false },
  create: (s) =>
    new BedrockInstrumentation({
      enabled: s.enabled ?? true,
      captureMessageContent: s.captureMessageContent,
      ...(s.maxContentLength === undefined ? {} : { maxContentLength: s.maxContentLength }),
      agentTrace: s.options.agent_trace === true,
    }),
};
