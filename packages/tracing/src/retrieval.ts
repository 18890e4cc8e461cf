import {
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  GEN_AI_OPERATION,
  GENAI_OTEL_RETRIEVAL_OUTCOME,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { type Attributes, type Context, context, type Span, SpanKind } from '@opentelemetry/api';
import { settings } from './config.js';
import { contentText } from './content.js';
import { type DocumentMapper, defaultDocuments, documentsJson } from './documents.js';
import {
  type Finisher,
  NO_VALUE,
  runInSpan,
  runUntraced,
  type Settled,
  type Traced,
} from './span-runner.js';

/** Options of {@link withRetrieval}. */
export interface RetrievalOptions<R = unknown> {
  /** `gen_ai.data_source.id`: the index, collection or knowledge base; also the span name. */
  dataSource: string;
  /** `gen_ai.request.top_k`: how many documents were asked for. */
  topK?: number | undefined;
  /** The query text: `gen_ai.retrieval.query.text`, only with content capture on. */
  query?: string | undefined;
  /** `gen_ai.provider.name` of a hosted retrieval service. */
  providerName?: string | undefined;
  /**
   * The documents of `fn`'s result. Default: the result itself when it is an array of
   * `{ id, score, content | text | pageContent }`.
   */
  documents?: DocumentMapper<R> | undefined;
}

type AnyMapper = (result: unknown) => ReturnType<DocumentMapper<unknown>>;

const retrievalFinisher: Finisher<AnyMapper | undefined> = {
  success(span: Span, mapper: AnyMapper | undefined, value: unknown) {
    if (value === NO_VALUE) return;
    const docs = mapper === undefined ? defaultDocuments(value) : mapper(value);
    if (docs === undefined) return;
    const s = settings();
    span.setAttribute(ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT, docs.length);
    span.setAttribute(
      ATTR_GEN_AI_RETRIEVAL_OUTCOME,
      docs.length === 0 ? GENAI_OTEL_RETRIEVAL_OUTCOME.MISS : GENAI_OTEL_RETRIEVAL_OUTCOME.HIT,
    );
    const json = documentsJson(docs, s.captureContent, s.maxContentLength);
    if (json !== undefined) span.setAttribute(ATTR_GEN_AI_RETRIEVAL_DOCUMENTS, json);
  },
  failure() {},
};

/**
 * Runs `fn` as a retrieval: span `retrieval {dataSource}` (CLIENT, per the conventions) with
 * `top_k`, the documents' ids and scores, their count and `gen_ai.retrieval.outcome` (`miss` when
 * none came back); the query and the documents' contents only with content capture on.
 *
 * ```ts
 * const docs = await withRetrieval({ dataSource: 'kb-acme', topK: 4, query }, () => store.search(vector, 4));
 * ```
 */
export function withRetrieval<R>(
  retrieval: string | RetrievalOptions<R>,
  fn: Traced<R>,
): Settled<R> {
  let parent: Context;
  let dataSource: string;
  let attributes: Attributes;
  let mapper: AnyMapper | undefined;
  try {
    parent = context.active();
    const options = typeof retrieval === 'string' ? undefined : retrieval;
    dataSource = options === undefined ? (retrieval as string) : options.dataSource;
    attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.RETRIEVAL,
      [ATTR_GEN_AI_DATA_SOURCE_ID]: dataSource,
    };
    if (options !== undefined) {
      if (options.topK !== undefined) attributes[ATTR_GEN_AI_REQUEST_TOP_K] = options.topK;
      if (options.providerName !== undefined) {
        attributes[ATTR_GEN_AI_PROVIDER_NAME] = options.providerName;
      }
      if (options.query !== undefined) {
        const s = settings();
        if (s.captureContent) {
          const text = contentText(options.query, s.maxContentLength);
          if (text !== undefined) attributes[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT] = text;
        }
      }
    }
    mapper = options?.documents as AnyMapper | undefined;
  } catch {
    // Telemetry never breaks the app (an options getter that throws, a broken context manager).
    return runUntraced(fn);
  }
  return runInSpan(
    genAISpanName(GEN_AI_OPERATION.RETRIEVAL, dataSource),
    { kind: SpanKind.CLIENT, attributes },
    parent,
    undefined,
    mapper,
    fn,
    retrievalFinisher,
  );
}
