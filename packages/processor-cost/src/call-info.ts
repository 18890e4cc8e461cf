import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM,
  GEN_AI_INFERENCE_OPERATIONS,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  PEER_OPENINFERENCE_KIND,
  PEER_OPENINFERENCE_LLM_INVOCATION_PARAMETERS,
  PEER_OPENINFERENCE_LLM_MODEL_NAME,
  PEER_OPENINFERENCE_LLM_PROVIDER,
  PEER_OPENINFERENCE_LLM_SYSTEM,
  PEER_OPENINFERENCE_SPAN_KIND,
  PEER_TRACELOOP_LLM_REQUEST_TYPE,
  PEER_VERCEL_MODEL_ID,
  PEER_VERCEL_MODEL_PROVIDER,
  PEER_VERCEL_OPERATION_ID,
  PEER_VERCEL_RESPONSE_MODEL,
  vercelModelCallOperation,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';

/** What a span says about the model call it records (strings read from the span, no copies). */
export interface CallInfo {
  /** `gen_ai.operation.name`, given or derived from a peer's span kind; undefined if unknown. */
  operation: string | undefined;
  /** A `gen_ai.provider.name` value. */
  provider: string | undefined;
  /** The model the request asked for (never a response's dated model). */
  requestModel: string | undefined;
  /** The model that answered, when the span says. */
  responseModel: string | undefined;
}

export function emptyCallInfo(): CallInfo {
  return {
    operation: undefined,
    provider: undefined,
    requestModel: undefined,
    responseModel: undefined,
  };
}

const INFERENCE = GEN_AI_INFERENCE_OPERATIONS;

/** True for the operations that are one model call (priced, and measured as client metrics). */
export function isInferenceOperation(operation: string | undefined): boolean {
  return operation !== undefined && INFERENCE.has(operation);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Fills `out` and tells whether the span is ONE model call, the only kind priced. A span says so
 * by its kind: `gen_ai.operation.name` `chat`, `text_completion`, `generate_content` or
 * `embeddings`; OpenInference `LLM` / `EMBEDDING`; the Vercel AI SDK's inner
 * `ai.*.doGenerate` / `doStream` / `doEmbed`; OpenLLMetry's `llm.request.type` `chat` /
 * `completion` / `embedding`. Anything else is not, even with usage on it: roll-ups repeat their
 * calls' usage (agent, workflow, task and chain spans, OpenInference AGENT/CHAIN, OpenLLMetry's
 * `traceloop.span.kind` workflow/agent/task, the AI SDK's outer `ai.generateText`), and pricing
 * them would count a call twice. `out.operation` is then the conventions' operation name.
 */
export function readCallInfo(attrs: Attributes, out: CallInfo): boolean {
  out.provider = normalizeProvider(
    str(attrs[ATTR_GEN_AI_PROVIDER_NAME]) ??
      str(attrs[ATTR_GEN_AI_SYSTEM]) ??
      str(attrs[PEER_OPENINFERENCE_LLM_PROVIDER]) ??
      str(attrs[PEER_OPENINFERENCE_LLM_SYSTEM]) ??
      str(attrs[PEER_VERCEL_MODEL_PROVIDER]),
  );
  out.responseModel =
    str(attrs[ATTR_GEN_AI_RESPONSE_MODEL]) ??
    str(attrs[PEER_VERCEL_RESPONSE_MODEL]) ??
    // OpenInference's model name is the response's once the call returned (dated snapshot).
    str(attrs[PEER_OPENINFERENCE_LLM_MODEL_NAME]);
  out.requestModel = str(attrs[ATTR_GEN_AI_REQUEST_MODEL]) ?? str(attrs[PEER_VERCEL_MODEL_ID]);

  const operation = str(attrs[ATTR_GEN_AI_OPERATION_NAME]);
  if (operation !== undefined) {
    out.operation = operation;
    return INFERENCE.has(operation);
  }
  const kind = str(attrs[PEER_OPENINFERENCE_SPAN_KIND]);
  if (kind !== undefined) {
    out.requestModel ??= invocationModel(attrs[PEER_OPENINFERENCE_LLM_INVOCATION_PARAMETERS]);
    out.operation =
      kind === PEER_OPENINFERENCE_KIND.EMBEDDING
        ? GEN_AI_OPERATION.EMBEDDINGS
        : kind === PEER_OPENINFERENCE_KIND.LLM
          ? GEN_AI_OPERATION.CHAT
          : undefined;
    return out.operation !== undefined;
  }
  const vercel = attrs[PEER_VERCEL_OPERATION_ID];
  if (vercel !== undefined) {
    out.operation = vercelModelCallOperation(vercel);
    return out.operation !== undefined;
  }
  const type = str(attrs[PEER_TRACELOOP_LLM_REQUEST_TYPE]);
  out.operation =
    type === 'chat'
      ? GEN_AI_OPERATION.CHAT
      : type === 'completion'
        ? GEN_AI_OPERATION.TEXT_COMPLETION
        : type === 'embedding'
          ? GEN_AI_OPERATION.EMBEDDINGS
          : undefined;
  return out.operation !== undefined;
}

/**
 * The `model` of OpenInference's `llm.invocation_parameters` (the request's JSON parameters), or
 * undefined. Parsed only when the text names a model; a malformed text is no model.
 */
function invocationModel(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !raw.includes('"model"')) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null
      ? str((parsed as { model?: unknown }).model)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True for a call to an Anthropic model: provider `anthropic`, or Bedrock / Vertex AI serving a
 * Claude model (`anthropic.claude-…`, `claude-…@…`).
 */
export function isAnthropicCall(call: CallInfo): boolean {
  const provider = call.provider;
  if (provider === GEN_AI_PROVIDER.ANTHROPIC) return true;
  if (provider !== GEN_AI_PROVIDER.AWS_BEDROCK && provider !== GEN_AI_PROVIDER.GCP_VERTEX_AI)
    return false;
  return isAnthropicModel(call.responseModel) || isAnthropicModel(call.requestModel);
}

function isAnthropicModel(model: string | undefined): boolean {
  if (model === undefined) return false;
  const lower = model.toLowerCase();
  return lower.includes('claude') || lower.includes('anthropic.');
}

/** Provider names other instrumentations use, as `gen_ai.provider.name` values. */
const PROVIDER_ALIASES: Record<string, string> = {
  'az.ai.openai': GEN_AI_PROVIDER.AZURE_AI_OPENAI,
  azure: GEN_AI_PROVIDER.AZURE_AI_OPENAI,
  'az.ai.inference': GEN_AI_PROVIDER.AZURE_AI_INFERENCE,
  aws: GEN_AI_PROVIDER.AWS_BEDROCK,
  bedrock: GEN_AI_PROVIDER.AWS_BEDROCK,
  'amazon-bedrock': GEN_AI_PROVIDER.AWS_BEDROCK,
  vertex_ai: GEN_AI_PROVIDER.GCP_VERTEX_AI,
  vertexai: GEN_AI_PROVIDER.GCP_VERTEX_AI,
  'google.vertex': GEN_AI_PROVIDER.GCP_VERTEX_AI,
  'google-vertex': GEN_AI_PROVIDER.GCP_VERTEX_AI,
  gemini: GEN_AI_PROVIDER.GCP_GEMINI,
  google: GEN_AI_PROVIDER.GCP_GEMINI,
  'google.generative-ai': GEN_AI_PROVIDER.GCP_GEMINI,
  mistral: GEN_AI_PROVIDER.MISTRAL_AI,
  mistralai: GEN_AI_PROVIDER.MISTRAL_AI,
  xai: GEN_AI_PROVIDER.X_AI,
};

const normalized = new Map<string, string>();

/**
 * `openai.chat` (Vercel), `mistralai` (OpenInference), `az.ai.inference` (older conventions) …
 * → the conventions' value. Unknown names are kept, lowercased.
 */
export function normalizeProvider(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const hit = normalized.get(raw);
  if (hit !== undefined) return hit;
  const lower = raw.toLowerCase();
  let value = isKnown(lower) ? lower : PROVIDER_ALIASES[lower];
  if (value === undefined) {
    // Vercel's `<provider>.<api>` form: the longest known prefix wins.
    const parts = lower.split('.');
    for (let n = parts.length - 1; n >= 1 && value === undefined; n--) {
      const prefix = parts.slice(0, n).join('.');
      value = PROVIDER_ALIASES[prefix] ?? (isKnown(prefix) ? prefix : undefined);
    }
  }
  value ??= lower;
  if (normalized.size < 256) normalized.set(raw, value);
  return value;
}

const KNOWN = new Set<string>(Object.values(GEN_AI_PROVIDER));
function isKnown(name: string): boolean {
  return KNOWN.has(name);
}
