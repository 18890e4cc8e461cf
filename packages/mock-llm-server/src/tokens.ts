/**
 * A deterministic stand-in for a BPE tokenizer: one token per run of letters/digits and one per
 * other non-space character. Real tokenizers are not needed for tests; predictable counts are.
 */
const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
const PIECE = /\s*(?:[\p{L}\p{N}]+|[^\s\p{L}\p{N}])/gu;

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) n++;
  return n;
}

/**
 * Splits text into one piece per token, each carrying its leading whitespace, so the pieces
 * concatenate back to the text and `pieces.length === countTokens(text)` (trailing whitespace
 * rides on the last piece).
 */
export function splitTokens(text: string): string[] {
  const pieces = text.match(PIECE) ?? [];
  const joined = pieces.join('');
  if (joined.length < text.length) {
    const rest = text.slice(joined.length);
    if (pieces.length === 0) return rest.length > 0 ? [rest] : [];
    pieces[pieces.length - 1] += rest;
  }
  return pieces;
}

/** The first `max` tokens of `text`, as the text a model would have produced before being cut. */
export function truncateTokens(text: string, max: number): string {
  return splitTokens(text).slice(0, Math.max(0, max)).join('').trimEnd();
}
