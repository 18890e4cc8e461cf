import { type Endpoint, endpointReader } from '@genai-otel/instrumentation-core';
import { GEN_AI_PROVIDER } from '@genai-otel/semantic-conventions';

// The client's setup, not its host, names the API: `vertexai: true` is Vertex AI even through a
// proxy or a custom `httpOptions.baseUrl`, anything else the Gemini API.
const gemini = endpointReader(GEN_AI_PROVIDER.GCP_GEMINI);
const vertex = endpointReader(GEN_AI_PROVIDER.GCP_VERTEX_AI);

/** The parts of `@google/genai`'s `ApiClient` read (TypeScript-private there). */
interface ApiClientLike {
  clientOptions?: { vertexai?: unknown; httpOptions?: { baseUrl?: unknown } };
}

/**
 * Provider, `server.address` and `server.port` of the client a `Models` call goes through (its
 * `apiClient`). Read from the options, not `getBaseUrl()`, which throws when unset.
 */
export function endpointOf(apiClient: unknown): Endpoint {
  const options = (apiClient as ApiClientLike | undefined)?.clientOptions;
  const baseUrl = options?.httpOptions?.baseUrl;
  return options?.vertexai === true ? vertex(baseUrl) : gemini(baseUrl);
}
