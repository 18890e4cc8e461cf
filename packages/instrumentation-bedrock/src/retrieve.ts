import { type ApiHandler, setContent, setString } from '@genai-otel/instrumentation-core';
import {
  ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import { recordReferences } from './agent-steps.js';
import { setRequestId } from './converse.js';
import { isDict } from './converse-messages.js';

/** These APIs answer in one response: nothing to follow. */
const noStream = () => ({ onChunk: () => false, finish() {} });

function knowledgeBase(attrs: Attributes, id: unknown): void {
  if (typeof id !== 'string') return;
  attrs[ATTR_GEN_AI_DATA_SOURCE_ID] = id;
  attrs[ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID] = id;
}

/** `RetrieveCommand`: `retrieval {knowledgeBaseId}` with the results' count, scores and documents. */
export const retrieve: ApiHandler = {
  operation: GEN_AI_OPERATION.RETRIEVAL,
  spanTarget: (params) => params.knowledgeBaseId,
  requestAttributes(params, attrs) {
    knowledgeBase(attrs, params.knowledgeBaseId);
  },
  requestContent(params, attrs) {
    const query = isDict(params.retrievalQuery) ? params.retrievalQuery.text : undefined;
    if (typeof query === 'string') attrs[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT] = query;
  },
  onResult(span, result, settings) {
    if (!isDict(result)) return;
    setRequestId(span, result);
    recordReferences(span, result.retrievalResults, settings, undefined);
  },
  newAccumulator: noStream,
};

/** The knowledge-base configuration of a RetrieveAndGenerate request. */
function kbConfig(params: Record<string, unknown>): Record<string, unknown> | undefined {
  const config = params.retrieveAndGenerateConfiguration;
  const kb = isDict(config) ? config.knowledgeBaseConfiguration : undefined;
  return isDict(kb) ? kb : undefined;
}

/**
 * `RetrieveAndGenerateCommand`: one `retrieval {knowledgeBaseId}` span for the whole
 * retrieve-then-generate call (Bedrock reports no usage for it, so it is no priced model call),
 * with the generating model, the session as the conversation and the cited references.
 */
export const retrieveAndGenerate: ApiHandler = {
  operation: GEN_AI_OPERATION.RETRIEVAL,
  spanTarget: (params) => kbConfig(params)?.knowledgeBaseId,
  requestAttributes(params, attrs) {
    const kb = kbConfig(params);
    knowledgeBase(attrs, kb?.knowledgeBaseId);
    if (typeof kb?.modelArn === 'string') attrs[ATTR_GEN_AI_REQUEST_MODEL] = kb.modelArn;
    if (typeof params.sessionId === 'string') attrs[ATTR_GEN_AI_CONVERSATION_ID] = params.sessionId;
  },
  requestContent(params, attrs) {
    const query = isDict(params.input) ? params.input.text : undefined;
    if (typeof query === 'string') attrs[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT] = query;
  },
  onResult(span, result, settings) {
    if (!isDict(result)) return;
    setRequestId(span, result);
    setString(span, ATTR_GEN_AI_CONVERSATION_ID, result.sessionId);
    const references = Array.isArray(result.citations)
      ? result.citations.flatMap((c) =>
          isDict(c) && Array.isArray(c.retrievedReferences) ? c.retrievedReferences : [],
        )
      : [];
    recordReferences(span, references, settings, undefined);
    const text = isDict(result.output) ? result.output.text : undefined;
    if (settings.captureContent && typeof text === 'string')
      setContent(
        span,
        ATTR_GEN_AI_OUTPUT_MESSAGES,
        [{ role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'stop' }],
        settings.maxContentLength,
      );
  },
  newAccumulator: noStream,
};
