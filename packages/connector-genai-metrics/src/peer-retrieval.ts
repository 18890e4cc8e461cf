import {
  GENAI_OTEL_RETRIEVAL_OUTCOME,
  PEER_OPENINFERENCE_DOCUMENT_CONTENT,
  PEER_OPENINFERENCE_DOCUMENT_ID,
  PEER_OPENINFERENCE_DOCUMENT_SCORE,
  PEER_OPENINFERENCE_KIND,
  PEER_OPENINFERENCE_RETRIEVAL_DOCUMENTS,
  PEER_OPENINFERENCE_SPAN_KIND,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';

/** At most this many flattened documents are read for the top score. */
const MAX_DOCUMENTS = 1_000;

/** A peer's retrieval, as the `retrieval` operation records it. */
export interface PeerRetrieval {
  outcome: string;
  topScore: number | undefined;
}

/**
 * An OpenInference RETRIEVER span (LangChain retrievers, LlamaIndex…) read as a retrieval: `hit`
 * when it returned a document, `miss` when none, and the best `document.score` when documents
 * carry one. Undefined for any other span. The documents are flattened into
 * `retrieval.documents.<i>.document.<field>` attributes, read in order until one is missing.
 */
export function readPeerRetrieval(attrs: Attributes): PeerRetrieval | undefined {
  if (attrs[PEER_OPENINFERENCE_SPAN_KIND] !== PEER_OPENINFERENCE_KIND.RETRIEVER) return undefined;
  let documents = 0;
  let top: number | undefined;
  for (; documents < MAX_DOCUMENTS; documents++) {
    const prefix = `${PEER_OPENINFERENCE_RETRIEVAL_DOCUMENTS}.${documents}.`;
    const score = attrs[prefix + PEER_OPENINFERENCE_DOCUMENT_SCORE];
    if (
      score === undefined &&
      attrs[prefix + PEER_OPENINFERENCE_DOCUMENT_CONTENT] === undefined &&
      attrs[prefix + PEER_OPENINFERENCE_DOCUMENT_ID] === undefined
    )
      break;
    if (typeof score === 'number' && Number.isFinite(score) && (top === undefined || score > top))
      top = score;
  }
  return {
    outcome: documents > 0 ? GENAI_OTEL_RETRIEVAL_OUTCOME.HIT : GENAI_OTEL_RETRIEVAL_OUTCOME.MISS,
    topScore: top,
  };
}
