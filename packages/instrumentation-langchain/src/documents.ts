import { capContent } from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  GENAI_OTEL_RETRIEVAL_OUTCOME,
} from '@genai-otel/semantic-conventions';
import type { Span } from '@opentelemetry/api';
import { asDict } from './serialized.js';

/** Where retrievers and vector stores put a document's relevance score in its metadata. */
const SCORE_KEYS = ['score', 'relevance_score', '_score', 'similarity'] as const;

function scoreOf(metadata: Record<string, unknown> | undefined): number | undefined {
  if (metadata === undefined) return undefined;
  for (const key of SCORE_KEYS) {
    const v = metadata[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

/**
 * Records a retriever run's documents as `@genai-otel/tracing`'s `withRetrieval` does: their
 * count, `hit`/`miss` (none came back), and `gen_ai.retrieval.documents` as JSON
 * `[{id, score}]` (the page content only with content capture on), so `genai_metrics` counts the
 * retrieval and its top score the same way whichever API made the span.
 */
export function recordDocuments(
  span: Span,
  documents: unknown,
  captureContent: boolean,
  maxContentLength: number,
): void {
  if (!Array.isArray(documents)) return;
  span.setAttribute(ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT, documents.length);
  span.setAttribute(
    ATTR_GEN_AI_RETRIEVAL_OUTCOME,
    documents.length === 0 ? GENAI_OTEL_RETRIEVAL_OUTCOME.MISS : GENAI_OTEL_RETRIEVAL_OUTCOME.HIT,
  );
  const shown = documents.map((d: unknown) => {
    const doc = asDict(d);
    const id = doc?.id;
    const entry: { id?: unknown; score?: number; content?: unknown } = {
      id: typeof id === 'string' || typeof id === 'number' ? id : undefined,
      score: scoreOf(asDict(doc?.metadata)),
    };
    if (captureContent && typeof doc?.pageContent === 'string') entry.content = doc.pageContent;
    return entry;
  });
  const json = capContent(shown, maxContentLength);
  if (json !== undefined) span.setAttribute(ATTR_GEN_AI_RETRIEVAL_DOCUMENTS, json);
}
