import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RERANK_CANDIDATE_COUNT,
  ATTR_GEN_AI_RERANK_DOCUMENTS,
  ATTR_GEN_AI_RERANK_SCORES,
  ATTR_GEN_AI_RERANK_TOP_N,
  GENAI_OTEL_OPERATION,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { type Attributes, type Context, context, type Span, SpanKind } from '@opentelemetry/api';
import { settings } from './config.js';
import { type DocumentMapper, defaultDocuments, documentsJson, scores } from './documents.js';
import {
  type Finisher,
  NO_VALUE,
  runInSpan,
  runUntraced,
  type Settled,
  type Traced,
} from './span-runner.js';

/** Options of {@link withRerank}. */
export interface RerankOptions<R = unknown> {
  /** `gen_ai.request.model`: the reranker; also the span name `rerank {model}`. */
  model: string;
  /** `gen_ai.provider.name` (e.g. `cohere`). */
  providerName?: string | undefined;
  /** `gen_ai.rerank.top_n`: how many documents to keep. */
  topN?: number | undefined;
  /** `gen_ai.rerank.candidate.count`: how many documents went in. */
  candidateCount?: number | undefined;
  /**
   * The kept documents, best first, from `fn`'s result. Default: the result itself when it is an
   * array of `{ id, score, content | text | pageContent }`.
   */
  documents?: DocumentMapper<R> | undefined;
}

type AnyMapper = (result: unknown) => ReturnType<DocumentMapper<unknown>>;

const rerankFinisher: Finisher<AnyMapper | undefined> = {
  success(span: Span, mapper: AnyMapper | undefined, value: unknown) {
    if (value === NO_VALUE) return;
    const docs = mapper === undefined ? defaultDocuments(value) : mapper(value);
    if (docs === undefined) return;
    const s = settings();
    const kept = scores(docs);
    if (kept !== undefined) span.setAttribute(ATTR_GEN_AI_RERANK_SCORES, kept);
    const json = documentsJson(docs, s.captureContent, s.maxContentLength);
    if (json !== undefined) span.setAttribute(ATTR_GEN_AI_RERANK_DOCUMENTS, json);
  },
  failure() {},
};

/**
 * Runs `fn` as a rerank: span `rerank {model}` (CLIENT; `rerank` is a genai-otel extension, after
 * proposal semantic-conventions-genai#253) with `top_n`, the candidate count, and the kept
 * documents' scores (`gen_ai.rerank.scores`) and ids; contents only with content capture on.
 *
 * ```ts
 * const best = await withRerank({ model: 'rerank-v3.5', topN: 3, candidateCount: docs.length }, () => rerank(query, docs));
 * ```
 */
export function withRerank<R>(rerank: string | RerankOptions<R>, fn: Traced<R>): Settled<R> {
  let parent: Context;
  let model: string;
  let attributes: Attributes;
  let mapper: AnyMapper | undefined;
  try {
    parent = context.active();
    const options = typeof rerank === 'string' ? undefined : rerank;
    model = options === undefined ? (rerank as string) : options.model;
    attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.RERANK,
      [ATTR_GEN_AI_REQUEST_MODEL]: model,
    };
    if (options !== undefined) {
      if (options.providerName !== undefined) {
        attributes[ATTR_GEN_AI_PROVIDER_NAME] = options.providerName;
      }
      if (options.topN !== undefined) attributes[ATTR_GEN_AI_RERANK_TOP_N] = options.topN;
      if (options.candidateCount !== undefined) {
        attributes[ATTR_GEN_AI_RERANK_CANDIDATE_COUNT] = options.candidateCount;
      }
    }
    mapper = options?.documents as AnyMapper | undefined;
  } catch {
    // Telemetry never breaks the app (an options getter that throws, a broken context manager).
    return runUntraced(fn);
  }
  return runInSpan(
    genAISpanName(GENAI_OTEL_OPERATION.RERANK, model),
    { kind: SpanKind.CLIENT, attributes },
    parent,
    undefined,
    mapper,
    fn,
    rerankFinisher,
  );
}
