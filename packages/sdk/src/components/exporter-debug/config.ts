/** `exporters.debug` as written in the YAML. */
export interface DebugExporterConfig {
  /** basic: one line per batch; normal: one line per span; detailed: everything. */
  verbosity: 'basic' | 'normal' | 'detailed';
}

export const VERBOSITIES = ['basic', 'normal', 'detailed'] as const;

export function createDefaultConfig(): DebugExporterConfig {
  return { verbosity: 'basic' };
}

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    verbosity: {
      type: 'string',
      enum: [...VERBOSITIES],
      default: 'basic',
      description:
        'basic: one header line per batch ("genai-otel debug · 3 spans · service x"); normal: one aligned line per span; detailed: every attribute, event and the resource.',
    },
  },
} as const;
