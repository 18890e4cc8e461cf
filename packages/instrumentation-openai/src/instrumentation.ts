import { createRequire } from 'node:module';
import {
  GenAIInstrumentation,
  type PatchTarget,
  type ProviderSpec,
  type ResourceLike,
} from '@genai-otel/instrumentation-core';
import { chatCompletions } from './chat-completions.js';
import { embeddings } from './embeddings.js';
import { endpointOf } from './endpoint.js';
import { responses } from './responses.js';
import type { OpenAIInstrumentationConfig } from './types.js';

// Read at load, from the package root both `src/` and `dist/` sit in: no generated version file.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

export { DEFAULT_MAX_CONTENT_LENGTH } from '@genai-otel/instrumentation-core';

/** The `openai` versions patched. */
export const SUPPORTED_VERSIONS = ['>=6 <8'];

/** The openai SDK on the engine: the classes whose `create` we patch, as both majors expose them. */
export const OPENAI_SPEC: ProviderSpec = {
  name: 'openai',
  module: 'openai',
  versions: SUPPORTED_VERSIONS,
  targets(moduleExports: unknown): PatchTarget[] {
    const exports = moduleExports as { OpenAI?: unknown; default?: unknown } | undefined;
    // biome-ignore lint/suspicious/noExplicitAny: the SDK is a dev dependency, never a value import.
    const OpenAI = (exports?.OpenAI ?? exports?.default) as any;
    return [
      { proto: OpenAI?.Chat?.Completions?.prototype, method: 'create', handler: chatCompletions },
      { proto: OpenAI?.Responses?.prototype, method: 'create', handler: responses },
      { proto: OpenAI?.Embeddings?.prototype, method: 'create', handler: embeddings },
    ];
  },
  endpoint: (resource: ResourceLike) => endpointOf(resource?._client?.baseURL),
};

/**
 * OpenTelemetry instrumentation of the `openai` SDK (>=6 <8): GenAI-convention CLIENT spans for
 * `chat.completions.create`, `responses.create` and `embeddings.create`, streamed or not. Also the
 * OpenAI-compatible APIs called through it (Azure OpenAI, DeepSeek, Mistral, Groq, xAI,
 * OpenRouter, Ollama…), named by their host.
 */
export class OpenAIInstrumentation extends GenAIInstrumentation<OpenAIInstrumentationConfig> {
  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(pkg.name, pkg.version, config);
  }

  protected get spec(): ProviderSpec {
    return OPENAI_SPEC;
  }

  protected override providerSettings(config: OpenAIInstrumentationConfig) {
    return { streamUsage: config.streamUsage === true };
  }
}
