import {
  type ApiHandler,
  type Dict,
  putContent,
  putNumber,
  type Settings,
  type StreamAccumulator,
  setContent,
  setString,
  writeAttribute,
} from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import type { Attributes, Span } from '@opentelemetry/api';
import { inputMessages, outputMessage, systemInstructions, toolDefinitions } from './messages.js';
import { mergeUsage, recordUsage } from './usage.js';

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object';
}

function requestContent(params: Dict, attrs: Attributes, max: number): void {
  const system = systemInstructions(params.system);
  if (system !== undefined) putContent(attrs, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, system, max);
  putContent(attrs, ATTR_GEN_AI_INPUT_MESSAGES, inputMessages(params.messages), max);
  const tools = toolDefinitions(params.tools);
  if (tools) putContent(attrs, ATTR_GEN_AI_TOOL_DEFINITIONS, tools, max);
}

/** What a `Message` and a finished stream share: id, model, stop reason and usage. */
function recordMessage(
  span: Span,
  id: unknown,
  model: unknown,
  stop: unknown,
  usage: unknown,
): void {
  setString(span, ATTR_GEN_AI_RESPONSE_ID, id);
  setString(span, ATTR_GEN_AI_RESPONSE_MODEL, model);
  // The API's own stop reason (`end_turn`, `tool_use`…); output messages carry the conventions' value.
  if (typeof stop === 'string') writeAttribute(span, ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [stop]);
  recordUsage(span, usage);
}

/** One content block being streamed, kept only with content capture on. */
interface StreamedBlock {
  block: Dict;
  text: string;
  json: string;
}

/**
 * The events of a streamed Message: `message_start` (id, model, input and cache usage, the cache
 * TTL split), `content_block_*` (the content, kept only with capture on), `message_delta` (stop
 * reason and cumulative usage, which overwrites).
 */
class MessageStreamAccumulator implements StreamAccumulator {
  private id: unknown;
  private model: unknown;
  private stopReason: unknown;
  private usage: Dict | undefined;
  private readonly blocks: StreamedBlock[] | undefined;

  constructor(private readonly settings: Settings) {
    this.blocks = settings.captureContent ? [] : undefined;
  }

  onChunk(event: unknown): boolean {
    if (!isDict(event)) return false;
    switch (event.type) {
      case 'message_start': {
        const message = event.message;
        if (isDict(message)) {
          this.id = message.id;
          this.model = message.model;
          this.usage = mergeUsage(undefined, message.usage);
        }
        break;
      }
      case 'message_delta':
        if (isDict(event.delta) && event.delta.stop_reason != null)
          this.stopReason = event.delta.stop_reason;
        this.usage = mergeUsage(this.usage, event.usage);
        break;
      case 'content_block_start':
        if (
          this.blocks !== undefined &&
          typeof event.index === 'number' &&
          isDict(event.content_block)
        )
          this.blocks[event.index] = { block: { ...event.content_block }, text: '', json: '' };
        break;
      case 'content_block_delta':
        if (this.blocks !== undefined && typeof event.index === 'number')
          this.addDelta(this.blocks[event.index], event.delta);
        break;
    }
    return false;
  }

  private addDelta(streamed: StreamedBlock | undefined, delta: unknown): void {
    if (streamed === undefined || !isDict(delta)) return;
    if (typeof delta.text === 'string') streamed.text += delta.text;
    else if (typeof delta.thinking === 'string') streamed.text += delta.thinking;
    else if (typeof delta.partial_json === 'string') streamed.json += delta.partial_json;
  }

  finish(span: Span): void {
    recordMessage(span, this.id, this.model, this.stopReason, this.usage);
    if (this.blocks === undefined) return;
    const content: Dict[] = [];
    for (const streamed of this.blocks) {
      if (streamed === undefined) continue;
      const block = streamed.block;
      if (block.type === 'text') block.text = streamed.text;
      else if (block.type === 'thinking') block.thinking = streamed.text;
      else if (streamed.json !== '') block.input = streamed.json;
      content.push(block);
    }
    setContent(
      span,
      ATTR_GEN_AI_OUTPUT_MESSAGES,
      [outputMessage(content, this.stopReason)],
      this.settings.maxContentLength,
    );
  }
}

/** `messages.create`, streamed or not; also behind `messages.stream()` and `messages.parse()`. */
export const messagesCreate: ApiHandler = {
  operation: GEN_AI_OPERATION.CHAT,

  requestContent,

  requestAttributes(params, attrs) {
    putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, params.max_tokens);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, params.temperature);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_P, params.top_p);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_K, params.top_k);
    if (Array.isArray(params.stop_sequences) && params.stop_sequences.length > 0)
      attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = params.stop_sequences as string[];
  },

  onResult(span, result, settings) {
    if (!isDict(result)) return;
    recordMessage(span, result.id, result.model, result.stop_reason, result.usage);
    if (settings.captureContent)
      setContent(
        span,
        ATTR_GEN_AI_OUTPUT_MESSAGES,
        [outputMessage(result.content, result.stop_reason)],
        settings.maxContentLength,
      );
  },

  newAccumulator(settings) {
    return new MessageStreamAccumulator(settings);
  },
};
