import type { CreateContext, Env, ExporterFactory } from '@genai-otel/component';
import { parseDuration } from '@genai-otel/config';
import { createDefaultConfig, type LangSmithExporterConfig, schema, validate } from './config.js';
import {
  DEFAULT_LANGSMITH_ENDPOINT,
  DEFAULT_PROJECT,
  LangSmithSpanExporter,
  type LangSmithSpanExporterOptions,
} from './exporter.js';

/** The exporter's options from its YAML settings and LangSmith's environment variables. */
export function resolveOptions(
  config: Partial<LangSmithExporterConfig>,
  env: Env,
): Required<
  Pick<LangSmithSpanExporterOptions, 'apiUrl' | 'project' | 'timeoutMs' | 'maxQueuedRuns'>
> &
  LangSmithSpanExporterOptions & {
    /** Exports the sdk's queue sends side by side (not an exporter option: the queue's). */
    concurrency: number;
  } {
  const d = createDefaultConfig();
  return {
    apiKey: config.api_key || env.LANGSMITH_API_KEY || undefined,
    apiUrl: (config.endpoint || env.LANGSMITH_ENDPOINT || DEFAULT_LANGSMITH_ENDPOINT).replace(
      /\/+$/,
      '',
    ),
    project: config.project || env.LANGSMITH_PROJECT || DEFAULT_PROJECT,
    workspaceId: config.workspace_id || env.LANGSMITH_WORKSPACE_ID || undefined,
    timeoutMs: parseDuration(config.timeout ?? d.timeout),
    batchSize: config.batch_size ?? d.batch_size,
    batchSizeBytes: config.batch_size_bytes ?? d.batch_size_bytes,
    hideInputs: config.hide_inputs ?? d.hide_inputs,
    hideOutputs: config.hide_outputs ?? d.hide_outputs,
    maxQueuedRuns: config.max_queued_runs ?? d.max_queued_runs,
    concurrency: config.concurrency ?? d.concurrency,
    parentWaitMs: parseDuration(config.parent_wait ?? d.parent_wait),
  };
}

/** `exporters.langsmith`: spans → LangSmith run trees, through the official `langsmith` client. */
export const langsmithExporterFactory: ExporterFactory<Partial<LangSmithExporterConfig>> = {
  kind: 'exporter',
  type: 'langsmith',
  signals: ['traces'],
  description:
    'Sends spans to LangSmith as run trees (llm, tool, retriever, chain … runs with usage and cost) with the official langsmith client.',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx: CreateContext) {
    const options = resolveOptions(config, ctx.env);
    const { concurrency, ...exporterOptions } = options;
    if (options.apiKey === undefined && options.apiUrl === DEFAULT_LANGSMITH_ENDPOINT) {
      ctx.log.warn(
        `exporter ${ctx.id}: no api_key (set LANGSMITH_API_KEY); LangSmith will refuse the runs`,
      );
    }
    return {
      traces: new LangSmithSpanExporter({ ...exporterOptions, id: ctx.id, logger: ctx.log }),
      target: options.apiUrl,
      queueSize: options.maxQueuedRuns,
      timeoutMs: options.timeoutMs,
      concurrency,
    };
  },
};
