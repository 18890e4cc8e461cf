import type { HandlerResult, Provider, ProviderRequest } from '../types.js';
import { batchEmbedContents, embedContent, predictEmbeddings } from './embed-content.js';
import { geminiErrorFor, googleError, modelNotFoundMessage } from './errors.js';
import { generateContent } from './generate-content.js';
import { countPrompt, type GenerateContentRequest } from './request.js';

/**
 * Gemini API `/{version}/models/{model}:{method}` and Vertex AI
 * `/{version}/projects/{p}/locations/{l}/publishers/{publisher}/models/{model}:{method}` (or
 * `/{version}/publishers/google/models/…` in Vertex express mode).
 */
const PATH =
  /^\/(?<version>v1(?:alpha|beta1?)?)\/(?:projects\/(?<project>[^/]+)\/locations\/(?<location>[^/]+)\/)?(?:publishers\/(?<publisher>[^/]+)\/)?models\/(?<model>[^/:]+):(?<method>[A-Za-z]+)$/;

export const geminiProvider: Provider = {
  match(method, path) {
    if (method !== 'POST') return undefined;
    const m = PATH.exec(path);
    if (!m?.groups) return undefined;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups))
      if (v !== undefined) params[k] = decodeURIComponent(v);
    return params;
  },
  handle,
  responseHeaders(ms) {
    return { 'server-timing': `gfet4t7; dur=${Math.round(ms)}`, vary: 'Origin, X-Origin, Referer' };
  },
};

function handle(req: ProviderRequest): HandlerResult {
  const { model = '', method = '', version = 'v1beta' } = req.params;
  const vertex = req.params.project !== undefined || req.params.publisher !== undefined;
  if (req.badJson) {
    return googleError(400, 'Invalid JSON payload received. Unexpected token.');
  }
  if (req.errorStatus !== undefined) return geminiErrorFor(req.errorStatus, model, req.overrides);
  const apiKey = req.headers['x-goog-api-key'] ?? req.query.get('key');
  if (vertex && !apiKey && !req.headers.authorization) {
    return googleError(
      401,
      'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    );
  }
  if (!vertex && !apiKey) return geminiErrorFor(403, model);
  if (model.startsWith('no-such-')) {
    return googleError(404, modelNotFoundMessage(model, version, method));
  }
  const body = req.body;
  switch (method) {
    case 'generateContent':
    case 'streamGenerateContent': {
      const stream = method === 'streamGenerateContent';
      return generateContent(body as GenerateContentRequest, {
        model,
        vertex,
        stream,
        sse: req.query.get('alt') === 'sse',
        cachedTokensHeader: req.headers['x-mock-cached-tokens'],
        ...(stream && req.streamErrorAfterChunks !== undefined
          ? { streamErrorAfterChunks: req.streamErrorAfterChunks }
          : {}),
        overrides: req.overrides,
      });
    }
    case 'countTokens': {
      const inner = (body.generateContentRequest ?? body) as GenerateContentRequest;
      const count = countPrompt(inner);
      return {
        kind: 'json',
        status: 200,
        body: {
          totalTokens: count.text + count.media,
          promptTokensDetails: [{ modality: 'TEXT', tokenCount: count.text }],
        },
      };
    }
    case 'embedContent':
      return embedContent(body, model, vertex);
    case 'batchEmbedContents':
      return batchEmbedContents(body, model);
    case 'predict':
      return predictEmbeddings(body, model);
    default:
      return googleError(404, `Method not found: ${method}.`);
  }
}
