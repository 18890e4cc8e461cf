import { timingSafeEqual } from 'node:crypto';

/**
 * True when no token is required, or `header` is `Bearer <token>` (scheme case-insensitive,
 * compared in constant time so the token cannot be guessed byte by byte from response times).
 */
export function checkBearer(
  header: string | string[] | undefined,
  token: string | undefined,
): boolean {
  if (token === undefined) return true;
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return false;
  const m = /^bearer\s+(.+)$/i.exec(value.trim());
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
