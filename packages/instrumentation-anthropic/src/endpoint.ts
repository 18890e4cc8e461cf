import { endpointReader } from '@genai-otel/instrumentation-core';
import { GEN_AI_PROVIDER } from '@genai-otel/semantic-conventions';

const BEDROCK_HOST = /^bedrock-runtime(-fips)?\.[a-z0-9-]+\.amazonaws\.com$/;
const VERTEX_HOST_SUFFIX = 'aiplatform.googleapis.com';

/**
 * The API a client of `@anthropic-ai/sdk`'s code path talks to, by its host: the Anthropic
 * Bedrock client (`bedrock-runtime.<region>.amazonaws.com`) is `aws.bedrock`, the Vertex client
 * (`<region>-aiplatform.googleapis.com`) `gcp.vertex_ai`; anything else is Anthropic's API (or a
 * proxy of it). The provider name says which pricing table prices the call.
 */
function providerOfHost(host: string): string | undefined {
  if (BEDROCK_HOST.test(host)) return GEN_AI_PROVIDER.AWS_BEDROCK;
  if (host === VERTEX_HOST_SUFFIX || host.endsWith(`-${VERTEX_HOST_SUFFIX}`))
    return GEN_AI_PROVIDER.GCP_VERTEX_AI;
  return undefined;
}

/** Provider, `server.address` and `server.port` of an Anthropic client's base URL. */
export const endpointOf = endpointReader(GEN_AI_PROVIDER.ANTHROPIC, providerOfHost);
