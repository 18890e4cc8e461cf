import type { IncomingHttpHeaders } from 'node:http';
import type { FailNextOptions, HandlerResult } from '../types.js';

/** Anthropic's error types by HTTP status (https://docs.claude.com/en/api/errors). */
const TYPES: Record<number, [type: string, message: string]> = {
  400: ['invalid_request_error', 'Invalid request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource could not be found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

/** `{"type":"error","error":{"type","message"},"request_id"}`, as Anthropic sends it. */
export function anthropicErrorBody(type: string, message: string, requestId: string): unknown {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

/** The type Anthropic gives a status (`api_error` for a 5xx it does not name). */
export function errorTypeFor(status: number): [string, string] {
  return TYPES[status] ?? (status >= 500 ? TYPES[500]! : TYPES[400]!);
}

/** The error Anthropic answers `status` with; 429 and 529 say when to retry. */
export function anthropicErrorForStatus(
  status: number,
  _model: string | undefined,
  o: FailNextOptions = {},
): HandlerResult {
  const [type, message] = errorTypeFor(status);
  const requestId = `req_mock${status}`;
  const headers: Record<string, string> = { 'request-id': requestId };
  const retryAfter = o.retryAfter ?? (status === 429 || status === 529 ? 0 : undefined);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  if (status === 429) {
    headers['anthropic-ratelimit-requests-limit'] = '50';
    headers['anthropic-ratelimit-requests-remaining'] = '0';
  }
  return {
    kind: 'json',
    status,
    body: anthropicErrorBody(o.type ?? type, o.message ?? message, requestId),
    headers,
  };
}

/** Anthropic authenticates with `x-api-key` (or a bearer token). */
export function anthropicAuthorized(headers: IncomingHttpHeaders): boolean {
  return headers['x-api-key'] !== undefined || headers.authorization !== undefined;
}

export function anthropicMissingKey(): HandlerResult {
  return {
    kind: 'json',
    status: 401,
    body: anthropicErrorBody('authentication_error', 'x-api-key header is required', 'req_mock401'),
  };
}
