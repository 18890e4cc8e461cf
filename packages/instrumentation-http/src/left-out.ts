import {
  ATTR_GEN_AI_OPERATION_NAME,
  GEN_AI_INFERENCE_OPERATIONS,
  PEER_VERCEL_OPERATION_ID,
  vercelModelCallOperation,
} from '@genai-otel/semantic-conventions';
import { context, createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';

/**
 * Whether the code making a request runs inside an LLM call's span (chat, embeddings, …): that
 * span already is the call's client span — duration, `error.type`, `server.address` — so an HTTP
 * client span under it would only repeat it (and, for the model's own metrics, count it twice).
 * Read from the span's attributes, so it holds for any instrumentation that follows the GenAI
 * conventions, ours or a peer's, and for the AI SDK's own model-call spans (`ai.*.doGenerate`,
 * `doStream`, `doEmbed`: AI SDK 6 names them in `ai.operationId`, not in the conventions).
 */
export function insideLLMCall(): boolean {
  const span = trace.getSpan(context.active()) as
    | { attributes?: Record<string, unknown> }
    | undefined;
  const attributes = span?.attributes;
  if (attributes === undefined) return false;
  const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation === 'string') return GEN_AI_INFERENCE_OPERATIONS.has(operation);
  return vercelModelCallOperation(attributes[PEER_VERCEL_OPERATION_ID]) !== undefined;
}

/**
 * Whether the request is one of genai-otel's own exports (exporter-helper sends every attempt
 * under `suppressTracing`): it is handed to Node untouched. The official instrumentations honour
 * suppression only for the span (a non-recording one); they would still wrap the request, listen
 * to it, and count it in `http.client.request.duration` — our exports in the app's RED metrics,
 * and per-request work on the exporters' path, where a hung endpoint is retried back to back.
 */
export function ownExport(): boolean {
  return isTracingSuppressed(context.active());
}

const PROBE = ROOT_CONTEXT.setValue(createContextKey('@genai-otel/instrumentation-http probe'), 1);
let contextWorks = false;

/**
 * Whether a context manager carries context across calls. Without one (the sdk started with
 * `registerGlobals: false` in a process that registered none), `suppressTracing` cannot mark our
 * exports, and every request would be traced, our exports' own included (a span per export,
 * exported again): then no outgoing request is traced. Remembered once true.
 */
function contextManagerWorks(): boolean {
  if (!contextWorks) contextWorks = context.with(PROBE, () => context.active() === PROBE);
  return contextWorks;
}

/** The outgoing requests an instrumentation leaves alone: our exports, and (unless asked) an LLM SDK's own. */
export function leftOut(traceLlmRequests: boolean): () => boolean {
  return traceLlmRequests
    ? () => !contextManagerWorks() || ownExport()
    : () => !contextManagerWorks() || ownExport() || insideLLMCall();
}
