import { GEN_AI_INFERENCE_OPERATIONS } from '@genai-otel/semantic-conventions';
import { context, trace } from '@opentelemetry/api';

/**
 * Whether the code making a request runs inside an LLM call's span (chat, embeddings, …): that
 * span already is the call's client span — duration, `error.type`, `server.address` — so an HTTP
 * client span under it would only repeat it (and, for the model's own metrics, count it twice).
 * Read from the span's attributes, so it holds for any instrumentation that follows the GenAI
 * conventions, ours or a peer's.
 */
export function insideLLMCall(): boolean {
  const span = trace.getSpan(context.active()) as
    | { attributes?: Record<string, unknown> }
    | undefined;
  const operation = span?.attributes?.['gen_ai.operation.name'];
  return typeof operation === 'string' && GEN_AI_INFERENCE_OPERATIONS.has(operation);
}
