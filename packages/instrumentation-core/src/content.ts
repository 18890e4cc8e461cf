// Content → attribute text. Only called when content capture is on.

const TRUNCATED = '…[truncated]';
const MIN_STRING_BUDGET = 16;

/**
 * The ONE capping rule for captured content: `value` as attribute text of at most `max`
 * characters, strings as they are, anything else as JSON. Too long: the longest strings are
 * shortened (each marked `…[truncated]`) until it fits, so JSON stays valid and keeps its shape;
 * only if even that fails is the text itself cut and marked. `undefined` when the value cannot be
 * serialised (a cycle, a BigInt): telemetry never throws.
 */
export function capContent(value: unknown, max: number): string | undefined {
  if (typeof value === 'string') return cut(value, max);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return undefined;
  }
  if (json === undefined) return undefined;
  if (json.length <= max) return json;
  for (let budget = Math.floor(max / 2); budget >= MIN_STRING_BUDGET; budget >>= 1) {
    const capped = JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'string' && v.length > budget ? v.slice(0, budget) + TRUNCATED : v,
    );
    if (capped.length <= max) return capped;
  }
  return cut(json, max);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - TRUNCATED.length)) + TRUNCATED;
}

/** Sets `attrs[key]` to the capped content of `value`, leaving it out when unserialisable. */
export function putContent(
  attrs: Record<string, unknown>,
  key: string,
  value: unknown,
  max: number,
): void {
  const text = capContent(value, max);
  if (text !== undefined) attrs[key] = text;
}

/** `JSON.parse` of tool-call arguments sent as JSON text; the text itself when it is not JSON. */
export function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Sets the span attribute `key` to the capped content of `value`, if it can be serialised. */
export function setContent(
  span: { setAttribute(key: string, value: string): unknown },
  key: string,
  value: unknown,
  max: number,
): void {
  const text = capContent(value, max);
  if (text !== undefined) span.setAttribute(key, text);
}
