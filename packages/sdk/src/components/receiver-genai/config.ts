import type { ValidationIssue } from '@genai-otel/config';
import { DEFAULT_MAX_CONTENT_LENGTH } from '@genai-otel/instrumentation-openai';
import { KNOWN_INSTRUMENTATIONS } from './instrumentations.js';

/** `receivers.genai` as written in the YAML. */
export interface GenAIReceiverConfig {
  /** Which instrumentations to switch on, by name. */
  instrumentations: string[];
  /**
   * Record prompts and completions on spans. Written here, it wins; left out, content is off
   * unless `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true` (so the environment can
   * switch it on, never over an explicit `false`).
   */
  capture_message_content?: boolean;
  /** Longest captured content attribute, in characters, before truncation. */
  max_content_length: number;
  openai: {
    /** Ask streamed chat completions for a final usage chunk so their token counts are known. */
    stream_usage: boolean;
  };
}

export function createDefaultConfig(): GenAIReceiverConfig {
  return {
    instrumentations: Object.keys(KNOWN_INSTRUMENTATIONS),
    // No default for capture_message_content: unset is what lets the environment decide.
    max_content_length: DEFAULT_MAX_CONTENT_LENGTH,
    openai: { stream_usage: false },
  };
}

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    instrumentations: {
      type: 'array',
      items: { type: 'string', enum: Object.keys(KNOWN_INSTRUMENTATIONS) },
      uniqueItems: true,
      description: 'Instrumentations to switch on (default: all known).',
    },
    capture_message_content: {
      type: 'boolean',
      description:
        'Record prompts and completions (gen_ai.input.messages …). A value here wins; left out, content is off unless the env var OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true.',
    },
    max_content_length: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_MAX_CONTENT_LENGTH,
      description:
        'Longest captured content attribute, in characters; longer values are truncated.',
    },
    openai: {
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
  },
} as const;

export function validate(config: GenAIReceiverConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const valid = Object.keys(KNOWN_INSTRUMENTATIONS);
  (config.instrumentations ?? []).forEach((name, i) => {
    if (!Object.hasOwn(KNOWN_INSTRUMENTATIONS, name)) {
      issues.push({
        path: ['instrumentations', i],
        message: `unknown instrumentation "${name}" (valid values: [${valid.join(', ')}])`,
      });
    }
  });
  return issues;
}
