import type { HandlerResult } from '../types.js';

/** OpenAI's error envelope: `{"error":{"message","type","param","code"}}`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function openAIError(
  status: number,
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
  headers?: Record<string, string>,
): HandlerResult {
  const body: OpenAIErrorBody = { error: { message, type, param, code } };
  return headers === undefined
    ? { kind: 'json', status, body }
    : { kind: 'json', status, body, headers };
}

export interface ErrorOverrides {
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
  retryAfter?: number;
}

/** The body OpenAI sends for a given status, used by error injection. */
export function openAIErrorForStatus(
  status: number,
  model: string | undefined,
  o: ErrorOverrides = {},
): HandlerResult {
  const base = defaultsFor(status, model ?? 'gpt-4o-mini');
  const headers: Record<string, string> = {};
  const retryAfter = o.retryAfter ?? (status === 429 || status === 503 ? 0 : undefined);
  if (retryAfter !== undefined) {
    headers['retry-after'] = String(retryAfter);
    headers['retry-after-ms'] = String(retryAfter * 1000);
  }
  return openAIError(
    status,
    o.message ?? base.message,
    o.type ?? base.type,
    o.param !== undefined ? o.param : null,
    o.code !== undefined ? o.code : base.code,
    headers,
  );
}

function defaultsFor(
  status: number,
  model: string,
): { message: string; type: string; code: string | null } {
  switch (status) {
    case 400:
      return { message: 'Invalid request.', type: 'invalid_request_error', code: null };
    case 401:
      return {
        message:
          'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      };
    case 403:
      return {
        message: 'You are not allowed to sample from this model',
        type: 'invalid_request_error',
        code: null,
      };
    case 404:
      return modelNotFoundBody(model);
    case 429:
      return {
        message: `Rate limit reached for ${model} in organization org-mock on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
        type: 'requests',
        code: 'rate_limit_exceeded',
      };
    case 503:
      return {
        message: 'The engine is currently overloaded, please try again later.',
        type: 'server_error',
        code: null,
      };
    default:
      return status >= 500
        ? {
            message: 'The server had an error while processing your request. Sorry about that!',
            type: 'server_error',
            code: null,
          }
        : {
            message: `Request failed with status ${status}.`,
            type: 'invalid_request_error',
            code: null,
          };
  }
}

function modelNotFoundBody(model: string) {
  return {
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    type: 'invalid_request_error',
    code: 'model_not_found',
  };
}

export function modelNotFound(model: string): HandlerResult {
  const b = modelNotFoundBody(model);
  return openAIError(404, b.message, b.type, null, b.code);
}

export function missingParameter(param: string): HandlerResult {
  return openAIError(
    400,
    `Missing required parameter: '${param}'.`,
    'invalid_request_error',
    param,
    'missing_required_parameter',
  );
}

export function missingModel(): HandlerResult {
  return openAIError(400, 'you must provide a model parameter', 'invalid_request_error');
}

export function missingApiKey(): HandlerResult {
  return openAIError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    'invalid_request_error',
    null,
    'invalid_api_key',
  );
}

export function invalidUrl(method: string, path: string): HandlerResult {
  return openAIError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
}

export function invalidJson(): HandlerResult {
  return openAIError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    'invalid_request_error',
  );
}
