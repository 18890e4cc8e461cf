import type { ValidationIssue } from '@genai-otel/config';
import {
  DEFAULT_MAX_CONTENT_LENGTH,
  type InstrumentationDescriptor,
} from '@genai-otel/instrumentation-core';
import { SAMPLER_TYPES, type SamplerSettings } from '../../builder/sampler.js';

/**
 * `receivers.genai` as written in the YAML. Each installed instrumentation adds its own options
 * block under its name (`openai: { stream_usage: true }`), described by its descriptor.
 */
export interface GenAIReceiverConfig {
  /** Which instrumentations to switch on, by name; left out: every installed one. */
  instrumentations?: string[];
  /**
   * Record prompts and completions on spans. Written here, it wins; left out, content is off
   * unless `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true` (so the environment can
   * switch it on, never over an explicit `false`).
   */
  capture_message_content?: boolean;
  /** Longest captured content attribute, in characters, before truncation. */
  max_content_length: number;
  /**
   * Head sampling of the app's traces (the TracerProvider's sampler). Left out:
   * `OTEL_TRACES_SAMPLER`/`_ARG`, else every trace.
   */
  sampler?: SamplerSettings;
  /** Per instrumentation, its options block. */
  [instrumentation: string]: unknown;
}

const OWN_KEYS = new Set([
  'instrumentations',
  'capture_message_content',
  'max_content_length',
  'sampler',
]);

export function createDefaultConfig(
  descriptors: readonly InstrumentationDescriptor[],
): GenAIReceiverConfig {
  const config: GenAIReceiverConfig = {
    // No default for `instrumentations` (left out: all installed) nor for
    // capture_message_content (unset is what lets the environment decide).
    max_content_length: DEFAULT_MAX_CONTENT_LENGTH,
  };
  for (const d of descriptors) if (!OWN_KEYS.has(d.name)) config[d.name] = { ...d.defaults };
  return config;
}

/** The receiver's JSON schema: its own keys, and one options block per installed instrumentation. */
export function buildSchema(descriptors: readonly InstrumentationDescriptor[]): object {
  const names = descriptors.map((d) => d.name);
  const properties: Record<string, unknown> = {
    instrumentations: {
      type: 'array',
      // An empty enum would reject every name with a confusing message: validate() says it.
      items: names.length > 0 ? { type: 'string', enum: names } : { type: 'string' },
      uniqueItems: true,
      description:
        'Instrumentations to switch on (default: every installed one whose module the app loads).',
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
    sampler: {
      type: 'object',
      additionalProperties: false,
      description:
        "Head sampling of the app's traces. Left out: OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG, else every trace. Dropped traces are still recorded in-process (not exported, not propagated as sampled) so cost and metrics stay exact.",
      properties: {
        type: {
          type: 'string',
          enum: [...SAMPLER_TYPES],
          description: 'The OTEL_TRACES_SAMPLER names (default parentbased_always_on).',
        },
        ratio: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          description: 'Share of traces sampled by the *traceidratio samplers (default 1).',
        },
        record_unsampled: {
          type: 'boolean',
          default: true,
          description:
            'Record the spans of dropped traces in-process so connectors and genai_cost see every call (false: they see only sampled traces and undercount).',
        },
      },
    },
  };
  for (const d of descriptors) {
    if (!OWN_KEYS.has(d.name))
      properties[d.name] = {
        description: `Options of the ${d.name} instrumentation (${d.module} ${d.versionRange}).`,
        ...d.optionsSchema,
      };
  }
  return { type: 'object', additionalProperties: false, properties };
}

export function validate(
  config: GenAIReceiverConfig,
  descriptors: readonly InstrumentationDescriptor[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const sampler = config.sampler;
  if (sampler?.ratio !== undefined && sampler.type && !sampler.type.endsWith('traceidratio')) {
    issues.push({
      path: ['sampler', 'ratio'],
      message: `applies only to the traceidratio samplers, not to "${sampler.type}"`,
    });
  }
  const valid = descriptors.map((d) => d.name);
  (config.instrumentations ?? []).forEach((name, i) => {
    if (!valid.includes(name)) {
      issues.push({
        path: ['instrumentations', i],
        message: `unknown instrumentation "${name}" (valid values: [${valid.join(', ')}])`,
      });
    }
  });
  return issues;
}
