import type {
  ApiHandler,
  Dict,
  Settings,
  StreamAccumulator,
} from '@genai-otel/instrumentation-core';
import {
  parseArguments,
  putContent,
  putNumber,
  setContent,
  setString,
  writeAttribute,
} from '@genai-otel/instrumentation-core';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  type ChatMessage,
  ERROR_TYPE_OTHER,
  GEN_AI_OPERATION,
  type MessagePart,
  type OutputMessage,
  type SystemInstructions,
} from '@genai-otel/semantic-conventions';
import { type Attributes, type Span, SpanStatusCode } from '@opentelemetry/api';
import { outputType } from './chat-completions.js';
import { appendContentParts, toolDefinitions } from './messages.js';
import { recordUsage } from './usage.js';

// Responses has no raw finish reason: these are the conventions' values.
const FINISH_STOP = 'stop';
const FINISH_LENGTH = 'length';
const FINISH_CONTENT_FILTER = 'content_filter';
const FINISH_TOOL_CALL = 'tool_call';
const FINISH_ERROR = 'error';

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object';
}

function finishReason(r: Dict): string | undefined {
  switch (r.status) {
    case 'completed': {
      const output = Array.isArray(r.output) ? (r.output as unknown[]) : [];
      const calledTool = output.some((item) => isDict(item) && item.type === 'function_call');
      return calledTool ? FINISH_TOOL_CALL : FINISH_STOP;
    }
    case 'incomplete': {
      const reason = isDict(r.incomplete_details) ? r.incomplete_details.reason : undefined;
      if (reason === 'max_output_tokens') return FINISH_LENGTH;
      if (reason === 'content_filter') return FINISH_CONTENT_FILTER;
      return typeof reason === 'string' ? reason : 'incomplete';
    }
    case 'failed':
      return FINISH_ERROR;
    default:
      return typeof r.status === 'string' ? r.status : undefined;
  }
}

function itemParts(item: Dict, parts: MessagePart[]): void {
  switch (item.type) {
    case 'function_call':
    case 'custom_tool_call':
      parts.push({
        type: 'tool_call',
        id: typeof item.call_id === 'string' ? item.call_id : undefined,
        name: String(item.name ?? ''),
        arguments: parseArguments(item.arguments ?? item.input),
      });
      return;
    case 'function_call_output':
    case 'custom_tool_call_output':
      parts.push({
        type: 'tool_call_response',
        id: typeof item.call_id === 'string' ? item.call_id : undefined,
        response: item.output,
      });
      return;
    case 'reasoning': {
      const summary = Array.isArray(item.summary) ? (item.summary as unknown[]) : [];
      let text = '';
      for (const s of summary) if (isDict(s) && typeof s.text === 'string') text += s.text;
      parts.push({ type: 'reasoning', content: text });
      return;
    }
    case 'message':
    case undefined:
      appendContentParts(item.content, parts);
      return;
    default:
      parts.push({ type: String(item.type) });
  }
}

function roleOf(item: Dict): string {
  if (typeof item.role === 'string') return item.role;
  if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output')
    return 'tool';
  return 'assistant';
}

/** `input` items in order; system and developer items are history, so they stay here too. */
function inputMessages(input: unknown): ChatMessage[] {
  if (typeof input === 'string')
    return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  const messages: ChatMessage[] = [];
  if (!Array.isArray(input)) return messages;
  for (const item of input) {
    if (!isDict(item)) continue;
    const role = roleOf(item);
    const parts: MessagePart[] = [];
    itemParts(item, parts);
    messages.push({ role, parts });
  }
  return messages;
}

function requestContent(params: Dict, attrs: Attributes, max: number): void {
  try {
    // `instructions` come apart from the history: the conventions' system instructions.
    const system: SystemInstructions = [];
    appendContentParts(params.instructions, system);
    if (system.length > 0) putContent(attrs, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, system, max);
    putContent(attrs, ATTR_GEN_AI_INPUT_MESSAGES, inputMessages(params.input), max);
    const tools = toolDefinitions(params.tools);
    if (tools) putContent(attrs, ATTR_GEN_AI_TOOL_DEFINITIONS, tools, max);
  } catch {
    // Content that cannot be serialised is left out; the call goes on.
  }
}

/** Records a whole `Response` object: the non-streamed result or a stream's final event. */
function recordResponse(span: Span, r: Dict, settings: Settings): void {
  setString(span, ATTR_GEN_AI_RESPONSE_ID, r.id);
  setString(span, ATTR_GEN_AI_RESPONSE_MODEL, r.model);
  setString(span, ATTR_OPENAI_RESPONSE_SERVICE_TIER, r.service_tier);
  recordUsage(span, r.usage);
  const reason = finishReason(r);
  if (reason !== undefined) writeAttribute(span, ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [reason]);
  if (r.status === 'failed') {
    // A failed response arrives as data, not as a thrown error: still a failed operation.
    const error = isDict(r.error) ? r.error : {};
    span.setAttribute(
      ATTR_ERROR_TYPE,
      typeof error.code === 'string' ? error.code : ERROR_TYPE_OTHER,
    );
    const message = typeof error.message === 'string' ? error.message : undefined;
    span.setStatus(
      message === undefined
        ? { code: SpanStatusCode.ERROR }
        : { code: SpanStatusCode.ERROR, message },
    );
  }
  if (!settings.captureContent) return;
  try {
    const parts: MessagePart[] = [];
    if (Array.isArray(r.output))
      for (const item of r.output) if (isDict(item)) itemParts(item, parts);
    const message: OutputMessage = { role: 'assistant', parts, finish_reason: reason ?? '' };
    setContent(span, ATTR_GEN_AI_OUTPUT_MESSAGES, [message], settings.maxContentLength);
  } catch {
    // Unserialisable content is left out.
  }
}

const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** The final event carries the whole response, so no delta is buffered. */
class ResponsesStreamAccumulator implements StreamAccumulator {
  private id: unknown;
  private model: unknown;
  private final: Dict | undefined;

  constructor(private readonly settings: Settings) {}

  onChunk(event: unknown): boolean {
    if (!isDict(event) || !isDict(event.response)) return false;
    if (FINAL_EVENTS.has(event.type as string)) {
      this.final = event.response;
    } else {
      this.id ??= event.response.id;
      this.model ??= event.response.model || undefined;
    }
    return false;
  }

  finish(span: Span): void {
    if (this.final !== undefined) {
      recordResponse(span, this.final, this.settings);
      return;
    }
    setString(span, ATTR_GEN_AI_RESPONSE_ID, this.id);
    setString(span, ATTR_GEN_AI_RESPONSE_MODEL, this.model);
  }
}

/** `responses.create`, streamed or not (also behind `responses.stream()` and `.parse()`). */
export const responses: ApiHandler = {
  operation: GEN_AI_OPERATION.CHAT,

  requestContent,

  requestAttributes(params, attrs) {
    putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, params.max_output_tokens);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, params.temperature);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_P, params.top_p);
    if (isDict(params.text)) {
      const type = outputType(params.text.format);
      if (type !== undefined) attrs[ATTR_GEN_AI_OUTPUT_TYPE] = type;
    }
    if (typeof params.service_tier === 'string') {
      attrs[ATTR_OPENAI_REQUEST_SERVICE_TIER] = params.service_tier;
    }
    const conversation = params.conversation;
    const conversationId = isDict(conversation) ? conversation.id : conversation;
    if (typeof conversationId === 'string') attrs[ATTR_GEN_AI_CONVERSATION_ID] = conversationId;
  },

  onResult(span, result, settings) {
    if (isDict(result)) recordResponse(span, result, settings);
  },

  newAccumulator(settings) {
    return new ResponsesStreamAccumulator(settings);
  },
};
