import type { Provider } from '../types.js';
export const bedrockRuntimeProvider: Provider = { match: () => undefined, handle: () => ({ kind: 'json', status: 500, body: {} }), responseHeaders: () => ({}) };
export const bedrockAgentProvider = bedrockRuntimeProvider;
