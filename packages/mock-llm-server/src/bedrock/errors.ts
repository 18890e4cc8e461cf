import type { FailNextOptions, HandlerResult } from '../types.js';
import { exceptionFrame } from './event-stream.js';

/** HTTP status of each Bedrock (runtime and agent runtime) exception, from the Smithy models. */
export const EXCEPTION_STATUS: Readonly<Record<string, number>> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ConflictException: 409,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  DependencyFailedException: 424,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  InternalServerException: 500,
  BadGatewayException: 502,
  ServiceUnavailableException: 503,
};

/** The exception an injected status turns into. */
const EXCEPTION_FOR_STATUS: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  409: 'ConflictException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
};

const MESSAGES: Readonly<Record<string, string>> = {
  ValidationException: 'Malformed input request, please reformat your input and try again.',
  ServiceQuotaExceededException:
    'Your request exceeds the service quota for your account. You can view your quotas at https://console.aws.amazon.com/servicequotas/home.',
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
  ResourceNotFoundException: 'The requested resource could not be found.',
  ModelTimeoutException: 'Model has timed out in processing the request. Try your request again.',
  ConflictException: 'The request could not be completed due to a conflict.',
  ModelErrorException:
    'The system encountered an unexpected error during processing. Try your request again.',
  ModelStreamErrorException: 'The model stream encountered an error. Try your request again.',
  DependencyFailedException:
    'Received failed response from the dependency. Try your request again.',
  ThrottlingException: 'Too many requests, please wait before trying again.',
  ModelNotReadyException: 'Model is not ready to serve inference requests. Try your request again.',
  InternalServerException: 'The server encountered an internal error while processing the request.',
  BadGatewayException: 'The gateway received an invalid response. Try your request again.',
  ServiceUnavailableException: 'Bedrock is unable to process your request.',
};

/** Extra members some exceptions carry on the wire. */
function extraFields(name: string): Record<string, unknown> {
  switch (name) {
    case 'ModelErrorException':
      return { originalStatusCode: 500, resourceName: 'model' };
    case 'ModelStreamErrorException':
      return { originalStatusCode: 500, originalMessage: 'Internal model error' };
    case 'DependencyFailedException':
    case 'BadGatewayException':
      return { resourceName: 'lambda' };
    default:
      return {};
  }
}

/** `ThrottlingException` from `throttlingException`, `Throttling` or `throttling`. */
function exceptionName(type: string): string {
  const upper = type.charAt(0).toUpperCase() + type.slice(1);
  return upper.endsWith('Exception') ? upper : `${upper}Exception`;
}

/**
 * A Bedrock error as restJson1 sends it: the status, `x-amzn-errortype: <Name>:<namespace>`, and a
 * JSON body `{"message", …}` (the SDK throws the modelled exception class of that name).
 */
export function bedrockError(
  name: string,
  message?: string,
  status?: number,
  extra: Record<string, unknown> = {},
): HandlerResult {
  return {
    kind: 'json',
    status: status ?? EXCEPTION_STATUS[name] ?? 400,
    body: { message: message ?? MESSAGES[name] ?? name, ...extra },
    headers: { 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
  };
}

/** The error for an injected status; `o.type` names the exception, `o.message` its message. */
export function bedrockErrorFor(status: number, o: FailNextOptions = {}): HandlerResult {
  const name = o.type
    ? exceptionName(o.type)
    : (EXCEPTION_FOR_STATUS[status] ??
      (status >= 500 ? 'InternalServerException' : 'ValidationException'));
  const result = bedrockError(name, o.message, status, extraFields(name));
  if (o.retryAfter !== undefined && result.kind === 'json') {
    result.headers = { ...result.headers, 'retry-after': String(o.retryAfter) };
  }
  return result;
}

/**
 * An exception event mid-stream (`:message-type: exception`): `o.type` picks the exception
 * (default `fallback`), `o.message` its message.
 */
export function streamExceptionFrame(fallback: string, o: FailNextOptions = {}): Uint8Array {
  const name = o.type ? exceptionName(o.type) : fallback;
  const member = name.charAt(0).toLowerCase() + name.slice(1);
  return exceptionFrame(member, {
    message: o.message ?? MESSAGES[name] ?? name,
    ...extraFields(name),
  });
}
