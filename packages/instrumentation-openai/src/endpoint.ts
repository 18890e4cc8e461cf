import { endpointReader } from '@genai-otel/instrumentation-core';
import { GEN_AI_PROVIDER } from '@genai-otel/semantic-conventions';

/**
 * OpenAI-compatible APIs reached through the `openai` SDK, by their API host: the provider name
 * decides which pricing table prices the call. Suffixes match the host and its subdomains.
 * Values are the conventions' (`gen_ai.provider.name`), or the service's own name where the
 * conventions have none (`openrouter`, `ollama`), as they allow.
 */
const HOSTS: readonly (readonly [suffix: string, provider: string])[] = [
  ['.openai.azure.com', GEN_AI_PROVIDER.AZURE_AI_OPENAI],
  ['.services.ai.azure.com', GEN_AI_PROVIDER.AZURE_AI_INFERENCE],
  ['.inference.ai.azure.com', GEN_AI_PROVIDER.AZURE_AI_INFERENCE],
  ['api.deepseek.com', GEN_AI_PROVIDER.DEEPSEEK],
  ['api.mistral.ai', GEN_AI_PROVIDER.MISTRAL_AI],
  ['api.groq.com', GEN_AI_PROVIDER.GROQ],
  ['api.x.ai', GEN_AI_PROVIDER.X_AI],
  ['api.perplexity.ai', GEN_AI_PROVIDER.PERPLEXITY],
  ['api.cohere.ai', GEN_AI_PROVIDER.COHERE],
  ['api.cohere.com', GEN_AI_PROVIDER.COHERE],
  ['generativelanguage.googleapis.com', GEN_AI_PROVIDER.GCP_GEMINI],
  ['aiplatform.googleapis.com', GEN_AI_PROVIDER.GCP_VERTEX_AI],
  ['openrouter.ai', 'openrouter'],
];

/** Ollama's OpenAI-compatible endpoint is known by its default port, not its host (localhost). */
const OLLAMA_PORT = 11434;

function providerOfHost(host: string, port: number | undefined): string | undefined {
  for (const [suffix, provider] of HOSTS) {
    if (host === suffix || host.endsWith(suffix.startsWith('.') ? suffix : `.${suffix}`))
      return provider;
  }
  return port === OLLAMA_PORT ? 'ollama' : undefined;
}

/** Provider, `server.address` and `server.port` of an `openai` client's base URL. */
export const endpointOf = endpointReader(GEN_AI_PROVIDER.OPENAI, providerOfHost);
