import { durationSchema, parseDuration, type ValidationIssue } from '@genai-otel/config';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_BATCH_SIZE_BYTES,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_QUEUED_RUNS,
} from './exporter.js';

/**
 * `exporters.langsmith` as written in the YAML. Keys left `undefined` by default are resolved
 * from LangSmith's own environment variables when the exporter is created (see `resolve`).
 */
export interface LangSmithExporterConfig {
  /** Default: `${env:LANGSMITH_API_KEY}`. */
  api_key?: string;
  /** API base URL. Default: `${env:LANGSMITH_ENDPOINT}`, else LangSmith cloud. */
  endpoint?: string;
  /** Project (LangSmith "session") the runs go to. Default: `${env:LANGSMITH_PROJECT}`, else `default`. */
  project?: string;
  /** Workspace of an org-scoped key. Default: `${env:LANGSMITH_WORKSPACE_ID}`. */
  workspace_id?: string;
  /** Longest one export may take, the client's retries included. */
  timeout: string | number;
  /** Most runs per request. */
  batch_size: number;
  /** Most bytes per request. */
  batch_size_bytes: number;
  hide_inputs: boolean;
  hide_outputs: boolean;
  /** Exports (one request each at a time) sent side by side. */
  concurrency: number;
  /** Spans queued for export, and spans held for their parent, at most (each). */
  max_queued_runs: number;
  /** How long a span waits for its parent span before it becomes a root run. */
  parent_wait: string | number;
}

export function createDefaultConfig(): LangSmithExporterConfig {
  return {
    timeout: '30s',
    batch_size: DEFAULT_BATCH_SIZE,
    batch_size_bytes: DEFAULT_BATCH_SIZE_BYTES,
    hide_inputs: false,
    hide_outputs: false,
    max_queued_runs: DEFAULT_MAX_QUEUED_RUNS,
    concurrency: DEFAULT_CONCURRENCY,
    parent_wait: '5m',
  };
}

const text = { type: 'string' } as const;

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    api_key: { ...text, description: 'LangSmith API key. Default: $LANGSMITH_API_KEY.' },
    endpoint: {
      ...text,
      minLength: 1,
      description:
        'LangSmith API base URL. Default: $LANGSMITH_ENDPOINT, else https://api.smith.langchain.com.',
    },
    project: {
      ...text,
      minLength: 1,
      description: 'Project the runs go to. Default: $LANGSMITH_PROJECT, else "default".',
    },
    workspace_id: {
      ...text,
      description: 'Workspace of an org-scoped API key. Default: $LANGSMITH_WORKSPACE_ID.',
    },
    timeout: {
      ...durationSchema,
      default: '30s',
      description: "Longest one export may take, the langsmith client's retries included.",
    },
    batch_size: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_BATCH_SIZE,
      description: 'Most runs in one request (LangSmith may ask for fewer).',
    },
    batch_size_bytes: {
      type: 'integer',
      minimum: 1024,
      default: DEFAULT_BATCH_SIZE_BYTES,
      description: 'Most bytes of runs in one request (LangSmith may ask for fewer).',
    },
    hide_inputs: {
      type: 'boolean',
      default: false,
      description: 'Send empty inputs (prompts, tool arguments, queries stay out of LangSmith).',
    },
    hide_outputs: {
      type: 'boolean',
      default: false,
      description:
        'Send empty outputs (completions, tool results, documents stay out of LangSmith).',
    },
    max_queued_runs: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_MAX_QUEUED_RUNS,
      description:
        'Spans queued for LangSmith at most, and spans held while their parent runs at most; more are dropped and counted.',
    },
    concurrency: {
      type: 'integer',
      minimum: 1,
      maximum: 64,
      default: DEFAULT_CONCURRENCY,
      description:
        'Requests to LangSmith at once (the sdk sends that many exports side by side, one request each at a time).',
    },
    parent_wait: {
      ...durationSchema,
      default: '5m',
      description: 'How long a span waits for its parent span before it is sent as a root run.',
    },
  },
} as const;

export function validate(config: Partial<LangSmithExporterConfig>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const endpoint = config.endpoint;
  if (typeof endpoint === 'string' && endpoint !== '') {
    let ok = false;
    try {
      const url = new URL(endpoint);
      ok = url.protocol === 'http:' || url.protocol === 'https:';
    } catch {}
    if (!ok)
      issues.push({ path: ['endpoint'], message: `must be an http(s) URL, got "${endpoint}"` });
  }
  for (const key of ['timeout', 'parent_wait'] as const) {
    const value = config[key];
    if (value !== undefined && parseDurationOrNaN(value) <= 0) {
      issues.push({ path: [key], message: `must be longer than 0, got ${JSON.stringify(value)}` });
    }
  }
  return issues;
}

function parseDurationOrNaN(value: string | number): number {
  try {
    return parseDuration(value);
  } catch {
    return Number.NaN;
  }
}
