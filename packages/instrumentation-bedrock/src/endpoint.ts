import { type Endpoint, endpointReader } from '@genai-otel/instrumentation-core';
import { GEN_AI_PROVIDER } from '@genai-otel/semantic-conventions';
import { isDict } from './converse-messages.js';

type Provider = () => Promise<unknown>;

/** The parts of an AWS SDK v3 client we read: its resolved configuration's async providers. */
interface AwsClientLike {
  config?: { endpoint?: unknown; region?: unknown; isCustomEndpoint?: unknown };
}

const read = endpointReader(GEN_AI_PROVIDER.AWS_BEDROCK);
const PROVIDER_ONLY: Endpoint = read(undefined);
/** Per client: its endpoint once resolved, or `PROVIDER_ONLY` while it resolves. */
const known = new WeakMap<object, Endpoint>();

/** The SDK's resolved endpoint (`{protocol, hostname, port}`) as a URL. */
function urlOf(endpoint: unknown): string | undefined {
  if (!isDict(endpoint) || typeof endpoint.hostname !== 'string') return undefined;
  const protocol =
    typeof endpoint.protocol === 'string' ? endpoint.protocol.replace(/:?$/, ':') : 'https:';
  const port = endpoint.port === undefined ? '' : `:${String(endpoint.port)}`;
  return `${protocol}//${endpoint.hostname}${port}`;
}

async function resolve(client: AwsClientLike, service: string): Promise<string | undefined> {
  const config = client.config;
  if (typeof config?.endpoint === 'function') return urlOf(await (config.endpoint as Provider)());
  const region =
    typeof config?.region === 'function' ? await (config.region as Provider)() : config?.region;
  return typeof region === 'string' ? `https://${service}.${region}.amazonaws.com` : undefined;
}

/**
 * `server.address` / `server.port` of a Bedrock client: the `endpoint` the app configured, else
 * the service's regional host. The SDK resolves both asynchronously, so they are resolved once
 * per client, on its first traced call: that call's span gets the address and port once they are
 * resolved (before its request is sent), later ones have all three at start (for samplers). Provider `aws.bedrock` whatever the host.
 */
export function endpointOf(service: string): (client: unknown) => Endpoint {
  return (client) => {
    if (client === null || typeof client !== 'object') return PROVIDER_ONLY;
    const endpoint = known.get(client);
    if (endpoint !== undefined) return endpoint;
    known.set(client, PROVIDER_ONLY);
    const resolving = resolve(client as AwsClientLike, service).then((url) => {
      const resolved = read(url);
      known.set(client, resolved);
      return resolved;
    });
    // The first call's span gets them as soon as they are known (before its request is sent).
    return { ...PROVIDER_ONLY, resolving };
  };
}
