/**
 * A finished GenAI span → its event records: one for what the span was (an LLM call, agent run,
 * tool call …) and, when it failed, one more in the `error` category. Records are plain objects
 * implementing the SDK's `ReadableLogRecord` (no LoggerProvider in between: the logs pipelines
 * batch and export them), timestamped at the span's end, carrying its span context.
 */
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_SERVICE_NAME,
  ATTR_SESSION_ID,
  ATTR_TENANT_ID,
  ATTR_USER_ID,
  GENAI_OTEL_OUTCOME,
  isValidTokenCount,
  spanErrorType,
} from '@genai-otel/semantic-conventions';
import {
  type Attributes,
  type AttributeValue,
  SeverityNumber,
  SpanStatusCode,
} from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  categoryOf,
  EVENT_CATEGORY,
  EVENT_KIND,
  type EventKind,
  eventKindOf,
} from './event-kind.js';
import { FIELD } from './fields.js';

/** The scope of every record (one object: the SDK groups records by scope identity). */
export const EVENTS_SCOPE = Object.freeze({ name: '@genai-otel/connector-genai-events' });

/** `genai.<event>`: the record's `eventName`. */
export const EVENT_NAME_PREFIX = 'genai.';

export interface SpanEventOptions {
  /** Copy message content (messages, instructions, tool arguments and results, queries). */
  captureContent: boolean;
}

/**
 * Appends the records of `span` to `out`; nothing for a span that is not GenAI, or an LLM call
 * counted by another span (`gen_ai.usage.owner_span_id`, genai_cost's "one call, one owner").
 */
export function spanToEvents(
  span: ReadableSpan,
  options: SpanEventOptions,
  out: ReadableLogRecord[],
): void {
  const attrs = span.attributes;
  const operation = attrs[ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation !== 'string') return;
  const kind = eventKindOf(operation);
  if (kind === undefined) return;
  if (attrs[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] !== undefined) return;

  const failed = span.status.code === SpanStatusCode.ERROR;
  const errorType = spanErrorType(attrs[ATTR_ERROR_TYPE], failed);
  const fields = commonFields(span, operation);
  const category = categoryOf(kind, attrs[ATTR_GEN_AI_TOOL_TYPE]);
  fields[FIELD.OUTCOME] = outcomeOf(kind, attrs, errorType !== undefined);
  kindFields(kind, attrs, fields);
  if (options.captureContent) contentFields(attrs, fields);
  if (errorType !== undefined) {
    fields[FIELD.ERROR_TYPE] = String(errorType);
    put(fields, FIELD.ERROR_MESSAGE, errorMessage(span));
  }
  const main: Attributes = { [FIELD.EVENT]: kind, [FIELD.CATEGORY]: category, ...fields };
  out.push(record(span, kind, main, errorType !== undefined));
  if (errorType === undefined) return;
  const error: Attributes = {
    [FIELD.EVENT]: EVENT_KIND.ERROR,
    [FIELD.CATEGORY]: EVENT_CATEGORY.ERROR,
    [FIELD.FAILED_EVENT]: kind,
    ...fields,
  };
  out.push(record(span, EVENT_KIND.ERROR, error, true));
}

function record(
  span: ReadableSpan,
  kind: EventKind,
  attributes: Attributes,
  error: boolean,
): ReadableLogRecord {
  return {
    hrTime: span.endTime,
    hrTimeObserved: span.endTime,
    spanContext: span.spanContext(),
    severityNumber: error ? SeverityNumber.ERROR : SeverityNumber.INFO,
    severityText: error ? 'ERROR' : 'INFO',
    eventName: EVENT_NAME_PREFIX + kind,
    resource: span.resource,
    instrumentationScope: EVENTS_SCOPE,
    attributes,
    droppedAttributesCount: 0,
  };
}

/** Ids, who and where: on every record, so any group can be joined to the others. */
function commonFields(span: ReadableSpan, operation: string): Attributes {
  const attrs = span.attributes;
  const ctx = span.spanContext();
  const resource = span.resource?.attributes ?? {};
  const f: Attributes = { [FIELD.TRACE_ID]: ctx.traceId, [FIELD.SPAN_ID]: ctx.spanId };
  put(f, FIELD.PARENT_SPAN_ID, span.parentSpanContext?.spanId);
  const conversation = text(attrs[ATTR_GEN_AI_CONVERSATION_ID]);
  f[FIELD.CORRELATION_ID] = conversation ?? ctx.traceId;
  put(f, FIELD.CONVERSATION_ID, conversation);
  put(f, FIELD.SESSION_ID, text(attrs[ATTR_SESSION_ID]) ?? conversation);
  put(f, FIELD.USER_ID, text(attrs[ATTR_USER_ID]) ?? text(resource[ATTR_USER_ID]));
  put(f, FIELD.TENANT_ID, text(attrs[ATTR_TENANT_ID]) ?? text(resource[ATTR_TENANT_ID]));
  put(f, FIELD.SERVICE, text(resource[ATTR_SERVICE_NAME]));
  f[FIELD.SPAN_NAME] = span.name;
  f[FIELD.OPERATION] = operation;
  put(f, FIELD.PROVIDER, text(attrs[ATTR_GEN_AI_PROVIDER_NAME]));
  const requested = text(attrs[ATTR_GEN_AI_REQUEST_MODEL]);
  put(f, FIELD.MODEL, text(attrs[ATTR_GEN_AI_RESPONSE_MODEL]) ?? requested);
  put(f, FIELD.REQUEST_MODEL, requested);
  put(f, FIELD.AGENT, text(attrs[ATTR_GEN_AI_AGENT_NAME]));
  put(f, FIELD.AGENT_ID, text(attrs[ATTR_GEN_AI_AGENT_ID]));
  put(f, FIELD.WORKFLOW, text(attrs[ATTR_GEN_AI_WORKFLOW_NAME]));
  const d = span.duration;
  f[FIELD.DURATION_MS] = d[0] * 1e3 + d[1] / 1e6;
  return f;
}

/** The fields only some kinds have. */
function kindFields(kind: EventKind, attrs: Attributes, f: Attributes): void {
  switch (kind) {
    case EVENT_KIND.LLM_CALL:
    case EVENT_KIND.EMBEDDINGS: {
      const input = attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
      const output = attrs[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
      // The one rule of what a count may be: -5, 12.5, NaN are left out, never summed.
      const hasInput = isValidTokenCount(input);
      const hasOutput = isValidTokenCount(output);
      if (hasInput) f[FIELD.INPUT_TOKENS] = input;
      if (hasOutput) f[FIELD.OUTPUT_TOKENS] = output;
      if (hasInput || hasOutput)
        f[FIELD.TOTAL_TOKENS] = (hasInput ? input : 0) + (hasOutput ? output : 0);
      const cost = attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT];
      if (typeof cost === 'number' && cost >= 0 && cost < Number.POSITIVE_INFINITY) {
        f[FIELD.COST] = cost;
        put(f, FIELD.COST_CURRENCY, text(attrs[ATTR_GEN_AI_USAGE_COST_CURRENCY]));
      }
      const ttft = attrs[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
      if (typeof ttft === 'number' && ttft >= 0) f[FIELD.TIME_TO_FIRST_CHUNK_MS] = ttft * 1e3;
      const reasons = attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
      if (Array.isArray(reasons) && reasons.length > 0) f[FIELD.FINISH_REASONS] = reasons.join(',');
      return;
    }
    case EVENT_KIND.TOOL_CALL:
      put(f, FIELD.TOOL, text(attrs[ATTR_GEN_AI_TOOL_NAME]));
      put(f, FIELD.TOOL_TYPE, text(attrs[ATTR_GEN_AI_TOOL_TYPE]));
      put(f, FIELD.TOOL_CALL_ID, text(attrs[ATTR_GEN_AI_TOOL_CALL_ID]));
      return;
    case EVENT_KIND.HANDOFF: {
      put(f, FIELD.HANDOFF_SOURCE, text(attrs[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]));
      put(f, FIELD.HANDOFF_TARGET, text(attrs[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]));
      put(f, FIELD.HANDOFF_TARGET_TYPE, text(attrs[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]));
      put(f, FIELD.HANDOFF_REASON, text(attrs[ATTR_GEN_AI_AGENT_HANDOFF_REASON]));
      const confidence = attrs[ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE];
      if (typeof confidence === 'number' && Number.isFinite(confidence))
        f[FIELD.HANDOFF_CONFIDENCE] = confidence;
      return;
    }
    case EVENT_KIND.RETRIEVAL:
    case EVENT_KIND.RERANK: {
      put(f, FIELD.DATA_SOURCE, text(attrs[ATTR_GEN_AI_DATA_SOURCE_ID]));
      put(f, FIELD.RETRIEVAL_OUTCOME, text(attrs[ATTR_GEN_AI_RETRIEVAL_OUTCOME]));
      const count = attrs[ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT];
      if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0)
        f[FIELD.DOCUMENT_COUNT] = count;
      return;
    }
    default:
      return;
  }
}

function contentFields(attrs: Attributes, f: Attributes): void {
  put(f, FIELD.SYSTEM_INSTRUCTIONS, text(attrs[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]));
  put(f, FIELD.INPUT_MESSAGES, text(attrs[ATTR_GEN_AI_INPUT_MESSAGES]));
  put(f, FIELD.OUTPUT_MESSAGES, text(attrs[ATTR_GEN_AI_OUTPUT_MESSAGES]));
  put(f, FIELD.TOOL_ARGUMENTS, text(attrs[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]));
  put(f, FIELD.TOOL_RESULT, text(attrs[ATTR_GEN_AI_TOOL_CALL_RESULT]));
  put(f, FIELD.QUERY_TEXT, text(attrs[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT]));
}

/** `success` or `error`; an agent's or tool's own outcome attribute wins (an agent may hand off). */
function outcomeOf(kind: EventKind, attrs: Attributes, failed: boolean): string {
  const own =
    kind === EVENT_KIND.AGENT_RUN
      ? text(attrs[ATTR_GEN_AI_AGENT_OUTCOME])
      : kind === EVENT_KIND.TOOL_CALL
        ? text(attrs[ATTR_GEN_AI_TOOL_CALL_OUTCOME])
        : undefined;
  return own ?? (failed ? GENAI_OTEL_OUTCOME.ERROR : GENAI_OTEL_OUTCOME.SUCCESS);
}

/** The status description, else the last recorded exception's message. */
function errorMessage(span: ReadableSpan): string | undefined {
  if (span.status.message) return span.status.message;
  for (let i = span.events.length - 1; i >= 0; i--) {
    const e = span.events[i]!;
    if (e.name === 'exception') return text(e.attributes?.['exception.message']);
  }
  return undefined;
}

function text(value: AttributeValue | undefined): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function put(f: Attributes, key: string, value: string | undefined): void {
  if (value !== undefined) f[key] = value;
}
