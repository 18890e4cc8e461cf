import type { Endpoint } from './types.js';

// Apps use one or a few base URLs: parse each once. Bounded so odd apps cannot grow it forever.
const MAX_CACHED = 64;

/**
 * A reader of `baseURL` → provider, `server.address` and `server.port` (443/80 when the URL gives
 * none) for one SDK. `providerOf(host, port)` names the provider a host serves (an OpenAI-compatible
 * host, a cloud that hosts the model), `undefined` for `fallback`, the SDK's own provider.
 */
export function endpointReader(
  fallback: string,
  providerOf: (host: string, port: number | undefined) => string | undefined = () => undefined,
): (baseURL: unknown) => Endpoint {
  const only: Endpoint = { provider: fallback };
  const cache = new Map<string, Endpoint>();
  // Most apps call through one client: its base URL (usually the very same string object) is
  // checked before the map.
  let lastURL: string | undefined;
  let lastEndpoint: Endpoint = only;
  const parse = (baseURL: string): Endpoint => {
    let url: URL;
    try {
      url = new URL(baseURL);
    } catch {
      return only;
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
    const provider = providerOf(address.toLowerCase(), port) ?? fallback;
    return port === undefined ? { provider, address } : { provider, address, port };
  };
  return (baseURL) => {
    if (baseURL === lastURL) return lastEndpoint;
    if (typeof baseURL !== 'string') return only;
    let endpoint = cache.get(baseURL);
    if (endpoint === undefined) {
      endpoint = parse(baseURL);
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(baseURL, endpoint);
    }
    lastURL = baseURL;
    lastEndpoint = endpoint;
    return endpoint;
  };
}
