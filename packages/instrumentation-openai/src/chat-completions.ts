import type {
  ApiHandler,
  Dict,
  Settings,
  StreamAccumulator,
} from '@genai-otel/instrumentation-core';
import {
  putContent,
  putNumber,
  setContent,
  setString,
  writeAttribute,
} from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  GEN_AI_OPERATION,
  GEN_AI_OUTPUT_TYPE,
  type OutputMessage,
} from '@genai-otel/semantic-conventions';
import type { Attributes, Span } from '@opentelemetry/api';
import { chatInputMessages, chatOutputMessage, toolDefinitions } from './messages.js';
import { recordUsage } from './usage.js';

/** `gen_ai.output.type` of an OpenAI `response_format` / `text.format` type. */
export function outputType(format: unknown): string | undefined {
  if (format === null || typeof format !== 'object') return undefined;
  const type = (format as Dict).type;
  if (type === 'json_schema' || type === 'json_object') return GEN_AI_OUTPUT_TYPE.JSON;
  if (type === 'text') return GEN_AI_OUTPUT_TYPE.TEXT;
  return undefined;
}

function requestContent(params: Dict, attrs: Attributes, max: number): void {
  try {
    // System and developer messages are chat history: no `gen_ai.system_instructions` here.
    putContent(attrs, ATTR_GEN_AI_INPUT_MESSAGES, chatInputMessages(params.messages), max);
    const tools = toolDefinitions(params.tools);
    if (tools) putContent(attrs, ATTR_GEN_AI_TOOL_DEFINITIONS, tools, max);
  } catch {
    // Content that cannot be serialised (cycles, BigInt) is left out; the call goes on.
  }
}

/** What chat results and streams share: ids, model, service tier, fingerprint and usage. */
function recordChatResponse(
  span: Span,
  id: unknown,
  model: unknown,
  serviceTier: unknown,
  fingerprint: unknown,
  usage: unknown,
): void {
  setString(span, ATTR_GEN_AI_RESPONSE_ID, id);
  setString(span, ATTR_GEN_AI_RESPONSE_MODEL, model);
  setString(span, ATTR_OPENAI_RESPONSE_SERVICE_TIER, serviceTier);
  setString(span, ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT, fingerprint);
  recordUsage(span, usage);
}

/** Adds `include_usage` on a copy, so the caller's params object is never touched. */
export function withStreamUsage(params: Dict): Dict | undefined {
  if (params.stream !== true) return undefined;
  const options = params.stream_options;
  if (options !== null && typeof options === 'object' && (options as Dict).include_usage === true) {
    return undefined;
  }
  const streamOptions = options !== null && typeof options === 'object' ? { ...options } : {};
  return { ...params, stream_options: { ...streamOptions, include_usage: true } };
}

interface StreamedChoice {
  content: string | undefined;
  refusal: string | undefined;
  toolCalls: { id?: string; type: string; function: { name: string; arguments: string } }[];
}

class ChatStreamAccumulator implements StreamAccumulator {
  private id: unknown;
  private model: unknown;
  private usage: unknown;
  private serviceTier: unknown;
  private fingerprint: unknown;
  private readonly finishReasons: (string | undefined)[] = [];
  private readonly choices: StreamedChoice[] | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly hideUsageOnlyChunks: boolean,
  ) {
    this.choices = settings.captureContent ? [] : undefined;
  }

  onChunk(chunk: unknown): boolean {
    if (chunk === null || typeof chunk !== 'object') return false;
    const c = chunk as Dict;
    this.id ??= c.id;
    this.model ??= c.model || undefined;
    if (c.usage != null) this.usage = c.usage;
    if (c.service_tier != null) this.serviceTier = c.service_tier;
    if (c.system_fingerprint != null) this.fingerprint = c.system_fingerprint;
    const choices = c.choices;
    if (!Array.isArray(choices)) return false;
    if (choices.length === 0) return this.hideUsageOnlyChunks && c.usage != null;
    for (const choice of choices as Dict[]) {
      const index = typeof choice.index === 'number' ? choice.index : 0;
      if (typeof choice.finish_reason === 'string')
        this.finishReasons[index] = choice.finish_reason;
      if (this.choices !== undefined && choice.delta !== null && typeof choice.delta === 'object') {
        this.addDelta(index, choice.delta as Dict);
      }
    }
    return false;
  }

  private addDelta(index: number, delta: Dict): void {
    const choices = this.choices!;
    let choice = choices[index];
    if (choice === undefined) {
      choice = { content: undefined, refusal: undefined, toolCalls: [] };
      choices[index] = choice;
    }
    if (typeof delta.content === 'string') choice.content = (choice.content ?? '') + delta.content;
    if (typeof delta.refusal === 'string') choice.refusal = (choice.refusal ?? '') + delta.refusal;
    if (!Array.isArray(delta.tool_calls)) return;
    // Tool calls arrive as fragments keyed by index: id and name once, arguments in pieces.
    for (const fragment of delta.tool_calls as Dict[]) {
      const at = typeof fragment.index === 'number' ? fragment.index : 0;
      let call = choice.toolCalls[at];
      if (call === undefined) {
        call = { type: 'function', function: { name: '', arguments: '' } };
        choice.toolCalls[at] = call;
      }
      if (typeof fragment.id === 'string') call.id = fragment.id;
      const fn = fragment.function as Dict | undefined;
      if (fn !== null && typeof fn === 'object') {
        if (typeof fn.name === 'string') call.function.name += fn.name;
        if (typeof fn.arguments === 'string') call.function.arguments += fn.arguments;
      }
    }
  }

  finish(span: Span): void {
    recordChatResponse(span, this.id, this.model, this.serviceTier, this.fingerprint, this.usage);
    const reasons = this.finishReasons.filter((r): r is string => r !== undefined);
    if (reasons.length > 0) writeAttribute(span, ATTR_GEN_AI_RESPONSE_FINISH_REASONS, reasons);
    if (this.choices === undefined) return;
    const messages: OutputMessage[] = [];
    const count = Math.max(this.choices.length, this.finishReasons.length);
    for (let i = 0; i < count; i++) {
      const choice = this.choices[i];
      const message = {
        content: choice?.content,
        refusal: choice?.refusal,
        tool_calls: choice?.toolCalls.filter(Boolean),
      };
      messages.push(chatOutputMessage(message, this.finishReasons[i]));
    }
    if (messages.length > 0) {
      setContent(span, ATTR_GEN_AI_OUTPUT_MESSAGES, messages, this.settings.maxContentLength);
    }
  }
}

/** `chat.completions.create`, streamed or not. */
export const chatCompletions: ApiHandler = {
  operation: GEN_AI_OPERATION.CHAT,

  requestContent,

  requestAttributes(params, attrs) {
    putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, params.max_completion_tokens);
    if (attrs[ATTR_GEN_AI_REQUEST_MAX_TOKENS] === undefined) {
      putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, params.max_tokens);
    }
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, params.temperature);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_P, params.top_p);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, params.frequency_penalty);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, params.presence_penalty);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_SEED, params.seed);
    if (typeof params.n === 'number' && params.n !== 1) {
      attrs[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = params.n;
    }
    const stop = params.stop;
    if (typeof stop === 'string') attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = [stop];
    else if (Array.isArray(stop)) attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop as string[];
    const type = outputType(params.response_format);
    if (type !== undefined) attrs[ATTR_GEN_AI_OUTPUT_TYPE] = type;
    if (typeof params.service_tier === 'string') {
      attrs[ATTR_OPENAI_REQUEST_SERVICE_TIER] = params.service_tier;
    }
  },

  prepareStream(params, settings) {
    return settings.provider?.streamUsage === true ? withStreamUsage(params) : undefined;
  },

  onResult(span, result, settings) {
    if (result === null || typeof result !== 'object') return;
    const r = result as Dict;
    recordChatResponse(span, r.id, r.model, r.service_tier, r.system_fingerprint, r.usage);
    if (!Array.isArray(r.choices)) return;
    const choices = r.choices as Dict[];
    const reasons: string[] = [];
    for (const choice of choices) {
      if (typeof choice?.finish_reason === 'string') reasons.push(choice.finish_reason);
    }
    if (reasons.length > 0) writeAttribute(span, ATTR_GEN_AI_RESPONSE_FINISH_REASONS, reasons);
    if (!settings.captureContent) return;
    try {
      const messages = choices.map((c) => chatOutputMessage(c?.message, c?.finish_reason));
      setContent(span, ATTR_GEN_AI_OUTPUT_MESSAGES, messages, settings.maxContentLength);
    } catch {
      // Unserialisable content is left out.
    }
  },

  newAccumulator(settings, hideUsageOnlyChunks) {
    return new ChatStreamAccumulator(settings, hideUsageOnlyChunks);
  },
};
