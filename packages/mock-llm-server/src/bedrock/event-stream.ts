import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** The AWS SDK's own codec: the frames it decodes are byte for byte what it would encode. */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

const JSON_TYPE = { type: 'string', value: 'application/json' } as const;

/** `:message-type: event` frame for the stream member `eventType` with a JSON payload. */
export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: eventType },
      ':content-type': JSON_TYPE,
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/**
 * `:message-type: exception` frame: a modelled error of the stream (`modelStreamErrorException`,
 * `throttlingException`, …) that the SDK throws from the iteration.
 */
export function exceptionFrame(exceptionType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': JSON_TYPE,
      ':message-type': { type: 'string', value: 'exception' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** Decodes frames (used by the tests to compare what was sent with what the SDK read). */
export function decodeFrames(
  bytes: Uint8Array,
): { headers: Record<string, unknown>; body: string }[] {
  const out = [];
  let offset = 0;
  while (offset < bytes.length) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset);
    const length = view.getUint32(0);
    const message = codec.decode(bytes.subarray(offset, offset + length));
    const headers: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(message.headers)) headers[k] = v.value;
    out.push({ headers, body: toUtf8(message.body) });
    offset += length;
  }
  return out;
}

/**
 * Bedrock pads event payloads with a `p` field of varying length so that sizes do not leak the
 * content; the SDK drops it. Deterministic here: the alphabet cut to a length set by the index.
 */
export function padding(index: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return alphabet.slice(0, 4 + ((index * 7) % 40));
}
