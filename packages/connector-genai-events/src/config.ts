import type { ValidationIssue } from '@genai-otel/config';

/** `connectors.genai_events` as written in the YAML. */
export interface GenAIEventsConnectorConfig {
  /**
   * Copy message content into the records. Unset: the environment decides
   * (`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`), as for the `genai` receiver.
   */
  capture_message_content?: boolean;
}

export function createDefaultConfig(): GenAIEventsConnectorConfig {
  // No default for capture_message_content: unset is what lets the environment decide.
  return {};
}

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    capture_message_content: {
      type: 'boolean',
      description:
        'Copy message content (input/output messages, system instructions, tool arguments and results, retrieval queries) into the records. Unset: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT decides; off by default.',
    },
  },
} as const;

export function validate(_config: GenAIEventsConnectorConfig): ValidationIssue[] {
  return [];
}
