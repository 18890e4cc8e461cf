import type { ValidationIssue } from '@genai-otel/config';

/** `exporters.file` as written in the YAML. */
export interface FileExporterConfig {
  /** File to append to; parent directories are created. Required. */
  path: string;
  /** `json`: OTLP/JSON, one export request per line. */
  format: 'json';
}

export function createDefaultConfig(): Partial<FileExporterConfig> {
  return { format: 'json' };
}

export const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: {
      type: 'string',
      minLength: 1,
      description: 'File to append to (JSON Lines); parent directories are created.',
    },
    format: {
      type: 'string',
      enum: ['json'],
      default: 'json',
      description:
        'json: one OTLP/JSON ExportTraceServiceRequest (or metrics, or logs request) per line.',
    },
  },
} as const;

export function validate(config: Partial<FileExporterConfig>): ValidationIssue[] {
  // The schema reports a missing key; this catches `path: ""` from an unset env var.
  if (typeof config.path === 'string' && config.path.trim() === '') {
    return [{ path: ['path'], message: 'must not be empty' }];
  }
  return [];
}
