import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { MockLLMServer } from '../src/index.js';

/** Dummy credentials: the mock accepts any SigV4 signature without checking it. */
const credentials = { accessKeyId: 'AKIDMOCK', secretAccessKey: 'mock-secret' };

export function runtimeClient(server: MockLLMServer, region = 'us-east-1'): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ region, endpoint: server.url, credentials, maxAttempts: 1 });
}

export function agentClient(
  server: MockLLMServer,
  region = 'us-east-1',
): BedrockAgentRuntimeClient {
  return new BedrockAgentRuntimeClient({
    region,
    endpoint: server.url,
    credentials,
    maxAttempts: 1,
  });
}

export async function collect<T>(stream: AsyncIterable<T> | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const e of stream ?? []) out.push(e);
  return out;
}

export const json = (bytes: Uint8Array | undefined): Record<string, unknown> =>
  JSON.parse(Buffer.from(bytes ?? new Uint8Array()).toString('utf8')) as Record<string, unknown>;

/** The raw HTTP headers of the last response a client received (token counts are not modelled). */
export function lastHeaders(client: {
  middlewareStack: { add: (m: never, o: { step: 'deserialize'; name: string }) => void };
}): () => Record<string, string> {
  let headers: Record<string, string> = {};
  const middleware =
    (next: (a: unknown) => Promise<{ response: { headers: Record<string, string> } }>) =>
    async (args: unknown) => {
      const out = await next(args);
      headers = out.response.headers;
      return out;
    };
  client.middlewareStack.add(middleware as never, { step: 'deserialize', name: 'mockLastHeaders' });
  return () => headers;
}
