import type { FailNextOptions, HandlerResult } from '../types.js';

/** Google's canonical status names by HTTP status (google.rpc.Code as mapped by the REST gateway). */
export const GOOGLE_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const STATUS_CODE: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(GOOGLE_STATUS).map(([code, name]) => [name, Number(code)]),
);

/** Google's error envelope: `{"error":{"code","message","status","details"?}}`. */
export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

export function googleErrorBody(
  code: number,
  message: string,
  status?: string,
  details?: unknown[],
): GoogleErrorBody {
  const error: GoogleErrorBody['error'] = {
    code,
    message,
    status: status ?? GOOGLE_STATUS[code] ?? (code >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION'),
  };
  if (details !== undefined) error.details = details;
  return { error };
}

export function googleError(
  code: number,
  message: string,
  status?: string,
  details?: unknown[],
): HandlerResult {
  return { kind: 'json', status: code, body: googleErrorBody(code, message, status, details) };
}

/**
 * The body Gemini sends for an injected status. `o.type` names another status (e.g.
 * `UNAVAILABLE`), `o.message` replaces the message; 429 carries Gemini's quota details with a
 * `RetryInfo` of `retryAfter` seconds (0 by default, so retrying clients stay fast).
 */
export function geminiErrorBodyFor(
  code: number,
  model: string,
  o: FailNextOptions = {},
): GoogleErrorBody {
  const status = o.type ?? GOOGLE_STATUS[code];
  const message = o.message ?? defaultMessage(code, model);
  if (code !== 429) return googleErrorBody(code, message, status);
  return googleErrorBody(code, message, status, [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
          quotaDimensions: { location: 'global', model },
          quotaValue: '10',
        },
      ],
    },
    {
      '@type': 'type.googleapis.com/google.rpc.Help',
      links: [
        {
          description: 'Learn more about Gemini API quotas',
          url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
        },
      ],
    },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${o.retryAfter ?? 0}s` },
  ]);
}

export function geminiErrorFor(
  code: number,
  model: string,
  o: FailNextOptions = {},
): HandlerResult {
  return { kind: 'json', status: code, body: geminiErrorBodyFor(code, model, o) };
}

/** The body of an in-stream error chunk: `o.type` picks the status name (default INTERNAL). */
export function streamErrorBody(model: string, o: FailNextOptions): GoogleErrorBody {
  const code = (o.type && STATUS_CODE[o.type]) || o.status || 500;
  return geminiErrorBodyFor(code, model, o);
}

function defaultMessage(code: number, model: string): string {
  switch (code) {
    case 400:
      return 'Request contains an invalid argument.';
    case 401:
      return 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
    case 403:
      return "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
    case 404:
      return modelNotFoundMessage(model, 'v1beta', 'generateContent');
    case 429:
      return 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.';
    case 500:
      return 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting';
    case 503:
      return 'The model is overloaded. Please try again later.';
    case 504:
      return 'The request timed out. Please try again.';
    default:
      return `Request failed with status ${code}.`;
  }
}

export function modelNotFoundMessage(model: string, version: string, method: string): string {
  return `models/${model} is not found for API version ${version}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`;
}
