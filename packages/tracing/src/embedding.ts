import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  GEN_AI_OPERATION,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { type Attributes, type Context, context, type Span, SpanKind } from '@opentelemetry/api';
import { type Finisher, runInSpan, runUntraced, type Settled, type Traced } from './span-runner.js';

/** Options of {@link withEmbedding}. */
export interface EmbeddingOptions {
  /** `gen_ai.request.model`; also the span name `embeddings {model}`. */
  model: string;
  /** `gen_ai.provider.name` (see `GEN_AI_PROVIDER`), e.g. `cohere` or your own for a local model. */
  providerName?: string | undefined;
  /** `gen_ai.embeddings.dimension.count`. Default: the length of the first vector returned. */
  dimensions?: number | undefined;
}

const embeddingFinisher: Finisher<boolean> = {
  success(span: Span, dimensionsKnown: boolean, value: unknown) {
    if (dimensionsKnown || !Array.isArray(value) || value.length === 0) return;
    // One vector (number[]) or several (number[][]).
    const first: unknown = value[0];
    const length =
      typeof first === 'number' ? value.length : Array.isArray(first) ? first.length : 0;
    if (length > 0) span.setAttribute(ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, length);
  },
  failure() {},
};

/**
 * Runs `fn` as an embeddings call: span `embeddings {model}` (CLIENT). For embedders no
 * instrumentation covers (a local model, an SDK genai-otel does not patch); calls through an
 * instrumented SDK (`openai`) already get this span and need no wrapper.
 *
 * ```ts
 * const vector = await withEmbedding({ model: 'bge-small', providerName: 'local' }, () => embed(text));
 * ```
 */
export function withEmbedding<R>(embedding: string | EmbeddingOptions, fn: Traced<R>): Settled<R> {
  let parent: Context;
  let model: string;
  let attributes: Attributes;
  let dimensionsKnown: boolean;
  try {
    parent = context.active();
    const options = typeof embedding === 'string' ? undefined : embedding;
    model = options === undefined ? (embedding as string) : options.model;
    attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EMBEDDINGS,
      [ATTR_GEN_AI_REQUEST_MODEL]: model,
    };
    if (options?.providerName !== undefined) {
      attributes[ATTR_GEN_AI_PROVIDER_NAME] = options.providerName;
    }
    dimensionsKnown = options?.dimensions !== undefined;
    if (dimensionsKnown) {
      attributes[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] = options?.dimensions as number;
    }
  } catch {
    // Telemetry never breaks the app (an options getter that throws, a broken context manager).
    return runUntraced(fn);
  }
  return runInSpan(
    genAISpanName(GEN_AI_OPERATION.EMBEDDINGS, model),
    { kind: SpanKind.CLIENT, attributes },
    parent,
    undefined,
    dimensionsKnown,
    fn,
    embeddingFinisher,
  );
}
