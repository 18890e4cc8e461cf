// Content → attribute text. Only called when content capture is on.

const TRUNCATED = '…[truncated]';
const MIN_STRING_BUDGET = 16;

/**
 * `value` as attribute text of at most `max` characters: strings as they are, anything else as
 * JSON. Too long: the longest strings are shortened (each marked `…[truncated]`) until it fits, so
 * JSON stays valid and keeps its shape; only if even that fails is the text itself cut and marked.
 * `undefined` when the value cannot be serialised (a cycle, a BigInt): telemetry never throws.
 */
export function contentText(value: unknown, max: number): string | undefined {
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
