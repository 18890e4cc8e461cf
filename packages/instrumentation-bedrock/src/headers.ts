import { isDict } from './converse-messages.js';

/**
 * InvokeModel's usage headers (`x-amzn-bedrock-input-token-count`, …): the only usage some
 * families report (Cohere Embed, Mistral), and not in the SDK's output. One middleware per
 * client, added the first time a traced call goes through it, keeps the response's headers on
 * the output under a symbol, not enumerable: the caller's object reads as before.
 */
const kHeaders = Symbol('genai-otel.bedrock.response-headers');
const MIDDLEWARE_NAME = 'genaiOtelBedrockResponseHeaders';
const withMiddleware = new WeakSet<object>();

type Headers = Record<string, string | undefined>;
type Next = (args: unknown) => Promise<{ response?: unknown; output?: unknown }>;

function keepHeaders(next: Next) {
  return async (args: unknown) => {
    const result = await next(args);
    const headers = isDict(result.response) ? result.response.headers : undefined;
    if (isDict(result.output) && isDict(headers) && !(kHeaders in result.output))
      Object.defineProperty(result.output, kHeaders, { value: headers, enumerable: false });
    return result;
  };
}

/** Adds the middleware to the client's stack once; never throws. */
export function watchHeaders(client: unknown): void {
  if (client === null || typeof client !== 'object' || withMiddleware.has(client)) return;
  withMiddleware.add(client);
  const stack = (client as { middlewareStack?: { add?: unknown } }).middlewareStack;
  if (typeof stack?.add !== 'function') return;
  try {
    (stack.add as (mw: unknown, options: unknown) => void).call(stack, keepHeaders, {
      step: 'initialize',
      priority: 'high',
      name: MIDDLEWARE_NAME,
      override: true,
    });
  } catch {
    // A stack that refuses it: InvokeModel then reads usage from bodies only.
  }
}

/** The response headers kept on an output, if any. */
export function headersOf(output: unknown): Headers | undefined {
  return isDict(output) ? ((output as { [kHeaders]?: Headers })[kHeaders] ?? undefined) : undefined;
}
