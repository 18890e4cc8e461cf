import { putNumber, recordUsage, setString } from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
} from '@genai-otel/semantic-conventions';
import type { Attributes, Span } from '@opentelemetry/api';
import { providerOf } from './provider.js';
import { asDict, classOf, type Dict, str } from './serialized.js';

/** What a chat model or LLM run's start says: the span's name target and start attributes. */
export interface ModelRequest {
  readonly model: string | undefined;
  readonly attributes: Attributes;
}

/**
 * The request of a model run, from `handleChatModelStart`/`handleLLMStart`: the model class
 * (provider), LangChain's standard `ls_*` metadata and the `invocation_params` it passes.
 */
export function modelRequest(
  operation: string,
  serialized: unknown,
  extraParams: unknown,
  metadata: unknown,
): ModelRequest {
  const md = asDict(metadata);
  const params = asDict(asDict(extraParams)?.invocation_params);
  const kwargs = asDict(asDict(serialized)?.kwargs);
  const model =
    str(md?.ls_model_name) ??
    str(params?.model) ??
    str(params?.model_name) ??
    str(params?.modelId) ??
    str(kwargs?.model) ??
    str(kwargs?.model_name);
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: operation };
  const provider = providerOf(classOf(serialized), md?.ls_provider);
  if (provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider;
  if (model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
  putNumber(attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, md?.ls_temperature ?? params?.temperature);
  putNumber(
    attributes,
    ATTR_GEN_AI_REQUEST_MAX_TOKENS,
    md?.ls_max_tokens ?? params?.max_tokens ?? params?.max_completion_tokens,
  );
  putNumber(attributes, ATTR_GEN_AI_REQUEST_TOP_P, params?.top_p);
  if (params?.stream === true || params?.streaming === true)
    attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
  return { model, attributes };
}

/** The first generation's message, where chat models put usage and response metadata. */
function firstGeneration(output: Dict): Dict | undefined {
  const generations = output.generations;
  if (!Array.isArray(generations)) return undefined;
  const first = generations[0];
  return Array.isArray(first) ? asDict(first[0]) : undefined;
}

/**
 * Records a model run's result (`handleLLMEnd`'s `LLMResult`): response model and id, finish
 * reasons, and usage — the message's `usage_metadata` (LangChain's normalised counts: input
 * includes cache reads and writes, output includes reasoning, as the conventions want), else
 * `llmOutput.tokenUsage` (older integrations).
 */
export function recordModelResult(span: Span, result: unknown): void {
  const output = asDict(result);
  if (output === undefined) return;
  const generation = firstGeneration(output);
  const message = asDict(generation?.message);
  const meta = asDict(message?.response_metadata);
  const llmOutput = asDict(output.llmOutput);
  setString(
    span,
    ATTR_GEN_AI_RESPONSE_MODEL,
    meta?.model_name ?? meta?.model ?? llmOutput?.model_name,
  );
  setString(span, ATTR_GEN_AI_RESPONSE_ID, message?.id ?? meta?.id);
  const reason =
    str(meta?.finish_reason) ??
    str(meta?.stop_reason) ??
    str(meta?.stopReason) ??
    str(asDict(generation?.generationInfo)?.finish_reason);
  if (reason !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [reason]);
  const usage = asDict(message?.usage_metadata);
  if (usage !== undefined) {
    const input = asDict(usage.input_token_details);
    const out = asDict(usage.output_token_details);
    recordUsage(
      span,
      usage.input_tokens,
      usage.output_tokens,
      input?.cache_read,
      input?.cache_creation,
      undefined,
      out?.reasoning,
    );
    return;
  }
  const tokens = asDict(llmOutput?.tokenUsage);
  if (tokens !== undefined) recordUsage(span, tokens.promptTokens, tokens.completionTokens);
}
