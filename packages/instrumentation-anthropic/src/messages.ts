import { type Dict, parseArguments } from '@genai-otel/instrumentation-core';
import type {
  ChatMessage,
  MessagePart,
  OutputMessage,
  SystemInstructions,
} from '@genai-otel/semantic-conventions';

// Anthropic content blocks → the conventions' message JSON. Only called when content capture is on.

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object';
}

/** The conventions' finish reason of a `stop_reason` (output messages use their values). */
export function finishReason(stopReason: unknown): string {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_call';
    case 'refusal':
      return 'content_filter';
    default:
      return typeof stopReason === 'string' ? stopReason : '';
  }
}

function sourcePart(source: unknown, modality: string): MessagePart {
  // Inline data stays out of telemetry: only its type is recorded.
  if (isDict(source) && source.type === 'url' && typeof source.url === 'string')
    return { type: 'uri', modality, uri: source.url };
  const mime =
    isDict(source) && typeof source.media_type === 'string' ? source.media_type : undefined;
  return mime ? { type: 'blob', modality, mime_type: mime } : { type: 'blob', modality };
}

function toolResultText(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  let text = '';
  for (const block of content)
    if (isDict(block) && typeof block.text === 'string') text += block.text;
  return text;
}

/** Appends the parts of a content value: a string or an array of content blocks. */
export function appendBlocks(content: unknown, parts: MessagePart[]): void {
  if (typeof content === 'string') {
    parts.push({ type: 'text', content });
    return;
  }
  if (!Array.isArray(content)) return;
  for (const block of content) {
    if (!isDict(block)) continue;
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', content: String(block.text ?? '') });
        break;
      case 'thinking':
        parts.push({ type: 'reasoning', content: String(block.thinking ?? '') });
        break;
      case 'redacted_thinking':
        // Encrypted: nothing readable to record.
        parts.push({ type: 'reasoning', content: '' });
        break;
      case 'tool_use':
      case 'server_tool_use':
        parts.push({
          type: 'tool_call',
          id: typeof block.id === 'string' ? block.id : undefined,
          name: String(block.name ?? ''),
          arguments: parseArguments(block.input),
        });
        break;
      case 'tool_result':
        parts.push({
          type: 'tool_call_response',
          id: typeof block.tool_use_id === 'string' ? block.tool_use_id : undefined,
          response: toolResultText(block.content),
        });
        break;
      case 'image':
        parts.push(sourcePart(block.source, 'image'));
        break;
      case 'document':
        parts.push(sourcePart(block.source, 'document'));
        break;
      default:
        parts.push({ type: String(block.type) });
    }
  }
}

/** `messages` in order, each with its role. */
export function inputMessages(messages: unknown): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (!Array.isArray(messages)) return out;
  for (const message of messages) {
    if (!isDict(message)) continue;
    const parts: MessagePart[] = [];
    appendBlocks(message.content, parts);
    out.push({ role: String(message.role), parts });
  }
  return out;
}

/** `system`, given apart from the history: the conventions' system instructions. */
export function systemInstructions(system: unknown): SystemInstructions | undefined {
  if (system === undefined || system === null) return undefined;
  const parts: SystemInstructions = [];
  appendBlocks(system, parts);
  return parts.length > 0 ? parts : undefined;
}

/** The assistant message of a `Message` (or one assembled from a stream). */
export function outputMessage(content: unknown, stopReason: unknown): OutputMessage {
  const parts: MessagePart[] = [];
  appendBlocks(content, parts);
  return { role: 'assistant', parts, finish_reason: finishReason(stopReason) };
}

/** `gen_ai.tool.definitions`: `{type, name, description, parameters}` per tool. */
export function toolDefinitions(tools: unknown): Dict[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const out: Dict[] = [];
  for (const tool of tools) {
    if (!isDict(tool)) continue;
    // Client tools have no `type` (or `custom`); server tools (web search…) name theirs.
    const def: Dict = {
      type: tool.type === undefined || tool.type === 'custom' ? 'function' : tool.type,
    };
    if (tool.name !== undefined) def.name = tool.name;
    if (tool.description !== undefined) def.description = tool.description;
    if (tool.input_schema !== undefined) def.parameters = tool.input_schema;
    out.push(def);
  }
  return out;
}
