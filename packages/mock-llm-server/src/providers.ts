import { anthropicProvider } from './anthropic/route.js';
import { bedrockProvider } from './bedrock/route.js';
import { geminiProvider } from './gemini/route.js';
import type { Provider } from './types.js';

/** Providers with their own paths, checked before the OpenAI routes (whose paths never overlap). */
const PROVIDERS: Provider[] = [geminiProvider, bedrockProvider, anthropicProvider];

export function findProvider(
  method: string,
  path: string,
): { provider: Provider; params: Record<string, string> } | undefined {
  for (const provider of PROVIDERS) {
    const params = provider.match(method, path);
    if (params) return { provider, params };
  }
  return undefined;
}
