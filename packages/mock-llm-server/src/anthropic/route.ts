import { hexId } from '../ids.js';
import type { HandlerResult, Provider, ProviderRequest } from '../types.js';
import {
  anthropicAuthorized,
  anthropicErrorBody,
  anthropicErrorForStatus,
  anthropicMissingKey,
} from './errors.js';
import { messages } from './messages.js';

/** Anthropic's Messages API, `POST /v1/messages`: its auth, error bodies and headers. */
export const anthropicProvider: Provider = {
  match: (method, path) => (method === 'POST' && path === '/v1/messages' ? {} : undefined),
  handle,
  responseHeaders: () => ({ 'request-id': hexId('req_', 12) }),
};

function handle(req: ProviderRequest): HandlerResult {
  if (req.badJson) {
    return {
      kind: 'json',
      status: 400,
      body: anthropicErrorBody(
        'invalid_request_error',
        'Invalid JSON in request body',
        'req_mock400',
      ),
    };
  }
  const model = typeof req.body.model === 'string' ? req.body.model : undefined;
  const magic = model === undefined ? null : /^mock-error-(\d{3})$/.exec(model);
  const status = req.errorStatus ?? (magic ? Number(magic[1]) : undefined);
  if (status !== undefined) return anthropicErrorForStatus(status, model, req.overrides);
  if (!anthropicAuthorized(req.headers)) return anthropicMissingKey();
  return messages(req);
}
