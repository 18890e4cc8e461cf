import { GEN_AI_PROVIDER } from '@genai-otel/semantic-conventions';

/** Where a client sends its requests, as span attributes want it. */
export interface Endpoint {
  readonly provider: string;
  readonly address?: string;
  readonly port?: number;
}

const AZURE_OPENAI_HOST_SUFFIX = '.openai.azure.com';
const OPENAI_ONLY: Endpoint = { provider: GEN_AI_PROVIDER.OPENAI };
// Apps use one or a few base URLs: parse each once. Bounded so odd apps cannot grow it forever.
const MAX_CACHED = 64;
const cache = new Map<string, Endpoint>();
// Most apps call through one client: its base URL (usually the very same string object) is
// checked before the map.
let lastURL: string | undefined;
let lastEndpoint: Endpoint = OPENAI_ONLY;

/** Provider, `server.address` and `server.port` (443/80 when the URL gives none) of a base URL. */
export function endpointOf(baseURL: unknown): Endpoint {
  if (baseURL === lastURL) return lastEndpoint;
  if (typeof baseURL !== 'string') return OPENAI_ONLY;
  let endpoint = cache.get(baseURL);
  if (endpoint === undefined) {
    endpoint = parseEndpoint(baseURL);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(baseURL, endpoint);
  }
  lastURL = baseURL;
  lastEndpoint = endpoint;
  return endpoint;
}

function parseEndpoint(baseURL: string): Endpoint {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return OPENAI_ONLY;
  }
  const host = url.hostname;
  // IPv6 literals come bracketed; `server.address` wants the bare address.
  const address = host.startsWith('[') ? host.slice(1, -1) : host;
  const port = url.port
    ? Number(url.port)
    : url.protocol === 'https:'
      ? 443
      : url.protocol === 'http:'
        ? 80
        : undefined;
  const provider = address.endsWith(AZURE_OPENAI_HOST_SUFFIX)
    ? GEN_AI_PROVIDER.AZURE_AI_OPENAI
    : GEN_AI_PROVIDER.OPENAI;
  return port === undefined ? { provider, address } : { provider, address, port };
}
