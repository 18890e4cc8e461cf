import { isDict } from './converse-messages.js';

const decoder = new TextDecoder();

/**
 * An InvokeModel body (the app's request, the response, or a stream chunk's `bytes`) as JSON:
 * a string or bytes (the SDK's `Uint8ArrayBlobAdapter` is a `Uint8Array`). Read, never consumed.
 * `undefined` when it is not JSON.
 */
export function parseBody(body: unknown): unknown {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = decoder.decode(body);
  else return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON of a response-stream event's `chunk.bytes`. */
export function chunkJson(event: unknown): unknown {
  const chunk = isDict(event) ? event.chunk : undefined;
  return isDict(chunk) ? parseBody(chunk.bytes) : undefined;
}
