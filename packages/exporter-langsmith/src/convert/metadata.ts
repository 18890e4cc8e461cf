import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RERANK_DOCUMENTS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_SERVICE_NAME,
  ATTR_TENANT_ID,
  ATTR_USER_ID,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
} from '@genai-otel/semantic-conventions';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { isPromptVariable } from './prompt.js';
import type { RunType } from './run-type.js';

type Dict = Record<string, unknown>;

/**
 * Content attributes: they become the run's inputs and outputs (where `hide_inputs` /
 * `hide_outputs` apply), so they are never copied into metadata as well (nor are the prompt
 * variables, `gen_ai.prompt.variable.<key>`).
 */
export const CONTENT_ATTRIBUTES: ReadonlySet<string> = new Set([
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RERANK_DOCUMENTS,
]);

/**
 * `gen_ai.provider.name` → the `ls_provider` LangChain and LangSmith's wrappers use, which its
 * model-price table is keyed by. Unlisted providers pass through as they are.
 */
const LS_PROVIDER: Readonly<Record<string, string>> = {
  [GEN_AI_PROVIDER.OPENAI]: 'openai',
  [GEN_AI_PROVIDER.ANTHROPIC]: 'anthropic',
  [GEN_AI_PROVIDER.AZURE_AI_OPENAI]: 'azure',
  [GEN_AI_PROVIDER.AZURE_AI_INFERENCE]: 'azure',
  [GEN_AI_PROVIDER.AWS_BEDROCK]: 'amazon_bedrock',
  [GEN_AI_PROVIDER.GCP_GEMINI]: 'google_genai',
  [GEN_AI_PROVIDER.GCP_GEN_AI]: 'google_genai',
  [GEN_AI_PROVIDER.GCP_VERTEX_AI]: 'google_vertexai',
  [GEN_AI_PROVIDER.MISTRAL_AI]: 'mistralai',
  [GEN_AI_PROVIDER.X_AI]: 'xai',
  [GEN_AI_PROVIDER.IBM_WATSONX_AI]: 'watsonx',
};

/** Request settings as LangSmith's `ls_invocation_params` (OpenAI's parameter names). */
const INVOCATION_PARAMS: readonly (readonly [string, string])[] = [
  [ATTR_GEN_AI_REQUEST_MODEL, 'model'],
  [ATTR_GEN_AI_REQUEST_TEMPERATURE, 'temperature'],
  [ATTR_GEN_AI_REQUEST_TOP_P, 'top_p'],
  [ATTR_GEN_AI_REQUEST_TOP_K, 'top_k'],
  [ATTR_GEN_AI_REQUEST_MAX_TOKENS, 'max_tokens'],
  [ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, 'frequency_penalty'],
  [ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, 'presence_penalty'],
  [ATTR_GEN_AI_REQUEST_SEED, 'seed'],
  [ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, 'stop'],
  [ATTR_GEN_AI_REQUEST_CHOICE_COUNT, 'n'],
];

/** The request settings the span recorded, under OpenAI's names. */
export function invocationParams(attributes: Attributes): Dict {
  const params: Dict = {};
  for (const [attribute, name] of INVOCATION_PARAMS) {
    const value = attributes[attribute];
    if (value !== undefined) params[name] = value;
  }
  return params;
}

export function lsProvider(attributes: Attributes): string | undefined {
  const provider = attributes[ATTR_GEN_AI_PROVIDER_NAME] ?? attributes[ATTR_GEN_AI_SYSTEM];
  if (typeof provider !== 'string') return undefined;
  return LS_PROVIDER[provider] ?? provider;
}

/** The `ls_*` keys LangSmith's model, token and cost views read. */
function modelMetadata(attributes: Attributes, runType: RunType, metadata: Dict): void {
  const provider = lsProvider(attributes);
  if (provider !== undefined) metadata.ls_provider = provider;
  // The requested name, as `wrapOpenAI` records it: the price table knows `gpt-4o`, not every snapshot.
  const model = attributes[ATTR_GEN_AI_REQUEST_MODEL] ?? attributes[ATTR_GEN_AI_RESPONSE_MODEL];
  if (typeof model === 'string') metadata.ls_model_name = model;
  if (runType !== 'llm') return;
  metadata.ls_model_type =
    attributes[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION.TEXT_COMPLETION ? 'llm' : 'chat';
  const temperature = attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE];
  if (typeof temperature === 'number') metadata.ls_temperature = temperature;
  const maxTokens = attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS];
  if (typeof maxTokens === 'number') metadata.ls_max_tokens = maxTokens;
  const stop = attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES];
  if (Array.isArray(stop)) metadata.ls_stop = stop;
  metadata.ls_invocation_params = invocationParams(attributes);
}

/** The part of the resource every run repeats: the `service.*` attributes (name, version …). */
export function resourceMetadata(resource: Attributes): Dict {
  const namespace = ATTR_SERVICE_NAME.slice(0, ATTR_SERVICE_NAME.indexOf('.') + 1);
  const out: Dict = {};
  for (const key in resource) {
    if (key.startsWith(namespace)) out[key] = resource[key];
  }
  return out;
}

/**
 * `extra.metadata` of a run: the span's attributes (content excepted), the resource's `service.*`,
 * the `ls_*` model keys, the conversation as `session_id` / `thread_id` (LangSmith groups threads by
 * them, on child runs too), `user_id`, `tenant_id`, and the OTel ids to find the span elsewhere.
 */
export function runMetadata(
  attributes: Attributes,
  resource: Dict,
  runType: RunType,
  traceId: string,
  spanId: string,
): Dict {
  const metadata: Dict = { ...resource };
  for (const key in attributes) {
    if (!CONTENT_ATTRIBUTES.has(key) && !isPromptVariable(key)) {
      metadata[key] = attributes[key] as AttributeValue;
    }
  }
  modelMetadata(attributes, runType, metadata);
  const conversation = attributes[ATTR_GEN_AI_CONVERSATION_ID];
  if (conversation !== undefined) {
    metadata.session_id = conversation;
    metadata.thread_id = conversation;
  }
  const user = attributes[ATTR_USER_ID];
  if (user !== undefined) metadata.user_id = user;
  const tenant = attributes[ATTR_TENANT_ID];
  if (tenant !== undefined) metadata.tenant_id = tenant;
  metadata.otel_trace_id = traceId;
  metadata.otel_span_id = spanId;
  return metadata;
}
