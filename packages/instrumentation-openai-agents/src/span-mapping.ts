import { putContent, recordUsage, setContent } from '@genai-otel/instrumentation-core';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_GUARDRAIL_NAME,
  ATTR_GEN_AI_GUARDRAIL_TRIGGERED,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ERROR_TYPE_OTHER,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  GEN_AI_TOOL_TYPE,
  GENAI_OTEL_HANDOFF_TARGET_TYPE,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_OUTCOME,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { type Attributes, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { AgentsSpan, AgentsSpanData } from './sdk-types.js';

// One Agents SDK span type → one OpenTelemetry span, per the GenAI conventions. Pure: what to
// start with (name, kind, attributes) and what to add at the end; the bridge owns the spans.

/** What the bridge starts for an SDK span; `undefined`: none (its children go to its parent). */
export interface StartPlan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes;
}

/** Content capture, as resolved from the options. */
export interface ContentSettings {
  readonly captureContent: boolean;
  readonly maxContentLength: number;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * `task` (a whole run) and `turn` (one loop step) make no span: the trace's workflow span is the
 * run, and a turn's model call, tools and handoff belong to its agent. Both carry usage that is
 * the sum of their calls': made spans, they would only invite double counting.
 */
export function startPlan(data: AgentsSpanData, settings: ContentSettings): StartPlan | undefined {
  switch (data.type) {
    case 'task':
    case 'turn':
      return undefined;
    case 'agent': {
      const name = str(data.name) ?? 'Agent';
      return {
        name: genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, name),
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
          [ATTR_GEN_AI_AGENT_NAME]: name,
        },
      };
    }
    case 'function': {
      const name = str(data.name) ?? 'function';
      const attributes: Attributes = {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
        [ATTR_GEN_AI_TOOL_NAME]: name,
        [ATTR_GEN_AI_TOOL_TYPE]: GEN_AI_TOOL_TYPE.FUNCTION,
      };
      if (settings.captureContent && str(data.input) !== undefined)
        putContent(
          attributes,
          ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
          data.input,
          settings.maxContentLength,
        );
      return {
        name: genAISpanName(GEN_AI_OPERATION.EXECUTE_TOOL, name),
        kind: SpanKind.INTERNAL,
        attributes,
      };
    }
    case 'handoff': {
      const attributes: Attributes = {
        [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.HANDOFF,
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: GENAI_OTEL_HANDOFF_TARGET_TYPE.AGENT,
      };
      const from = str(data.from_agent);
      if (from !== undefined) attributes[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME] = from;
      // The target is known only when the handoff ends; so is the span's full name.
      return { name: GENAI_OTEL_OPERATION.HANDOFF, kind: SpanKind.INTERNAL, attributes };
    }
    case 'guardrail': {
      const name = str(data.name) ?? 'guardrail';
      return {
        name: genAISpanName(GENAI_OTEL_OPERATION.GUARDRAIL, name),
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.GUARDRAIL,
          [ATTR_GEN_AI_GUARDRAIL_NAME]: name,
        },
      };
    }
    case 'response':
      // The Responses API call of `OpenAIResponsesModel`; the model is known at the end.
      return {
        name: GEN_AI_OPERATION.CHAT,
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
          [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
        },
      };
    case 'generation': {
      const model = str(data.model);
      const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT };
      if (model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
      return {
        name: genAISpanName(GEN_AI_OPERATION.CHAT, model),
        kind: SpanKind.CLIENT,
        attributes,
      };
    }
    default: {
      // `custom` spans by their name; speech, transcription, MCP tool listing by their type.
      const name = str(data.name) ?? data.type;
      return { name, kind: SpanKind.INTERNAL, attributes: {} };
    }
  }
}

/** A `function_call` the model asked for, as its response lists it (for `gen_ai.tool.call.id`). */
export interface ModelToolCall {
  readonly name: string;
  readonly callId: string;
  readonly arguments: string | undefined;
  used: boolean;
}

/** The function calls in a response span's `_response.output` (absent without sensitive data). */
export function toolCallsOf(data: AgentsSpanData): ModelToolCall[] {
  const output = (data._response as { output?: unknown } | undefined)?.output;
  if (!Array.isArray(output)) return [];
  const calls: ModelToolCall[] = [];
  for (const item of output as Record<string, unknown>[]) {
    if (item?.type !== 'function_call') continue;
    const name = str(item.name);
    const callId = str(item.call_id) ?? str(item.callId);
    if (name !== undefined && callId !== undefined)
      calls.push({ name, callId, arguments: str(item.arguments), used: false });
  }
  return calls;
}

/** `error.type` from the SDK's error record: the error's class when its text names one. */
function errorTypeOf(error: NonNullable<AgentsSpan['error']>): string {
  const detail = error.data?.error;
  const named = typeof detail === 'string' ? /^([A-Za-z_$][\w$]*):/.exec(detail) : null;
  return named?.[1] ?? ERROR_TYPE_OTHER;
}

/** Adds what the SDK span knows at its end to `span`; ends nothing. */
export function recordEnd(span: Span, sdkSpan: AgentsSpan, settings: ContentSettings): void {
  const data = sdkSpan.spanData;
  const error = sdkSpan.error;
  switch (data.type) {
    case 'agent':
      span.setAttribute(
        ATTR_GEN_AI_AGENT_OUTCOME,
        error ? GENAI_OTEL_OUTCOME.ERROR : GENAI_OTEL_OUTCOME.SUCCESS,
      );
      break;
    case 'function':
      span.setAttribute(
        ATTR_GEN_AI_TOOL_CALL_OUTCOME,
        error ? GENAI_OTEL_OUTCOME.ERROR : GENAI_OTEL_OUTCOME.SUCCESS,
      );
      if (settings.captureContent && !error && str(data.output) !== undefined)
        setContent(span, ATTR_GEN_AI_TOOL_CALL_RESULT, data.output, settings.maxContentLength);
      break;
    case 'handoff': {
      const to = str(data.to_agent);
      if (to !== undefined) {
        span.setAttribute(ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME, to);
        span.updateName(genAISpanName(GENAI_OTEL_OPERATION.HANDOFF, to));
      }
      break;
    }
    case 'guardrail':
      span.setAttribute(ATTR_GEN_AI_GUARDRAIL_TRIGGERED, data.triggered === true);
      break;
    case 'response':
      recordResponse(span, data._response as Record<string, unknown> | undefined, data);
      break;
    case 'generation':
      recordGeneration(span, data);
      break;
  }
  if (error) recordSdkError(span, error);
}

/** Marks `span` failed with the SDK's error record: `error.type` and status ERROR. */
export function recordSdkError(span: Span, error: NonNullable<AgentsSpan['error']>): void {
  span.setAttribute(ATTR_ERROR_TYPE, errorTypeOf(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: str(error.message) ?? 'error' });
}

function recordResponse(
  span: Span,
  response: Record<string, unknown> | undefined,
  data: AgentsSpanData,
): void {
  const id = str(response?.id) ?? str(data.response_id);
  if (id !== undefined) span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, id);
  const model = str(response?.model);
  if (model !== undefined) {
    span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, model);
    span.updateName(genAISpanName(GEN_AI_OPERATION.CHAT, model));
  }
  const usage = response?.usage as Record<string, Record<string, unknown> | undefined> | undefined;
  if (usage)
    recordUsage(
      span,
      usage.input_tokens,
      usage.output_tokens,
      usage.input_tokens_details?.cached_tokens,
      undefined,
      undefined,
      usage.output_tokens_details?.reasoning_tokens,
    );
}

function recordGeneration(span: Span, data: AgentsSpanData): void {
  const usage = data.usage as Record<string, unknown> | undefined;
  if (usage) recordUsage(span, usage.input_tokens, usage.output_tokens);
}
