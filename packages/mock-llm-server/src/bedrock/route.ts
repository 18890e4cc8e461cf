import { randomUUID } from 'node:crypto';
import type { HandlerResult, Provider, ProviderRequest } from '../types.js';
import { invokeAgent } from './agent.js';
import { type ConverseRequest, converse } from './converse.js';
import { bedrockError, bedrockErrorFor } from './errors.js';
import { invokeModel } from './invoke.js';
import { retrieve, retrieveAndGenerate } from './knowledge-base.js';
import { resolveModel } from './model-id.js';

const RUNTIME =
  /^\/model\/(?<model>[^/]+)\/(?<op>converse|converse-stream|invoke|invoke-with-response-stream)$/;
const AGENT =
  /^\/agents\/(?<agentId>[^/]+)\/agentAliases\/(?<agentAliasId>[^/]+)\/sessions\/(?<sessionId>[^/]+)\/text$/;
const RETRIEVE = /^\/knowledgebases\/(?<knowledgeBaseId>[^/]+)\/retrieve$/;
const RETRIEVE_AND_GENERATE = /^\/retrieveAndGenerate$/;

/**
 * Bedrock Runtime (Converse, InvokeModel, streamed and not) and Bedrock Agent Runtime
 * (InvokeAgent, Retrieve, RetrieveAndGenerate) on one server: their paths do not overlap.
 */
export const bedrockProvider: Provider = {
  match(method, path) {
    if (method !== 'POST') return undefined;
    for (const [op, re] of [
      ['', RUNTIME],
      ['invoke-agent', AGENT],
      ['retrieve', RETRIEVE],
      ['retrieve-and-generate', RETRIEVE_AND_GENERATE],
    ] as const) {
      const m = re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = op ? { op } : {};
      // The SDK percent-encodes path labels (ARNs carry ':' and '/').
      for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
      // An agent or knowledge base id `mock-error-<status>` triggers that error like a model id.
      params.model ??= params.agentId ?? params.knowledgeBaseId ?? '';
      return params;
    }
    return undefined;
  },
  handle,
  responseHeaders() {
    return { 'x-amzn-requestid': randomUUID(), date: new Date().toUTCString() };
  },
};

/** `Credential=AKID/20250101/us-west-2/bedrock/aws4_request` → `us-west-2`. */
function regionOf(auth: string): string {
  return /Credential=[^/]+\/\d+\/([^/]+)\//.exec(auth)?.[1] ?? 'us-east-1';
}

function handle(req: ProviderRequest): HandlerResult {
  if (req.badJson)
    return bedrockError(
      'ValidationException',
      'Malformed input request, please reformat your input and try again.',
    );
  if (req.errorStatus !== undefined) return bedrockErrorFor(req.errorStatus, req.overrides);
  // SigV4 (any signature: it is not verified) or a Bedrock API key as a bearer token.
  const auth = req.headers.authorization;
  if (!auth || !/^(AWS4-HMAC-SHA256 |Bearer )/.test(auth)) {
    return bedrockError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  }
  const streamError =
    req.streamErrorAfterChunks !== undefined
      ? { streamErrorAfterChunks: req.streamErrorAfterChunks }
      : {};
  const { op = '' } = req.params;
  switch (op) {
    case 'invoke-agent':
      return invokeAgent(req.body, {
        agentId: req.params.agentId!,
        agentAliasId: req.params.agentAliasId!,
        sessionId: req.params.sessionId!,
        region: regionOf(auth),
        overrides: req.overrides,
        ...(req.options.agentScenarios ? { scenarios: req.options.agentScenarios } : {}),
        ...streamError,
      });
    case 'retrieve':
      return retrieve(req.body, req.params.knowledgeBaseId!);
    case 'retrieve-and-generate':
      return retrieveAndGenerate(req.body);
  }
  const model = resolveModel(req.params.model ?? '');
  if (!model)
    return bedrockError('ValidationException', 'The provided model identifier is invalid.');
  const stream = op.endsWith('stream');
  if (op.startsWith('converse')) {
    return converse(req.body as ConverseRequest, model, {
      stream,
      overrides: req.overrides,
      ...streamError,
    });
  }
  return invokeModel(req.body, model, { stream, overrides: req.overrides, ...streamError });
}
