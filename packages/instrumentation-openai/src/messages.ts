import { type Dict, parseArguments } from '@genai-otel/instrumentation-core';
import type { ChatMessage, MessagePart, OutputMessage } from '@genai-otel/semantic-conventions';

// Content → the conventions' message JSON. Only called when content capture is on.

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object';
}

function mediaPart(url: unknown, modality: string): MessagePart {
  // Inline data stays out of telemetry: only its type is recorded.
  if (typeof url === 'string' && !url.startsWith('data:'))
    return { type: 'uri', modality, uri: url };
  const mime = typeof url === 'string' ? url.slice(5, url.indexOf(';')) : undefined;
  return mime ? { type: 'blob', modality, mime_type: mime } : { type: 'blob', modality };
}

/** Appends the parts of a message `content` (a string or an array of typed parts). */
export function appendContentParts(content: unknown, parts: MessagePart[]): void {
  if (typeof content === 'string') {
    parts.push({ type: 'text', content });
    return;
  }
  if (!Array.isArray(content)) return;
  for (const part of content) {
    if (!isDict(part)) continue;
    switch (part.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        parts.push({ type: 'text', content: String(part.text ?? '') });
        break;
      case 'refusal':
        parts.push({ type: 'refusal', content: String(part.refusal ?? '') });
        break;
      case 'image_url':
        parts.push(mediaPart(isDict(part.image_url) ? part.image_url.url : undefined, 'image'));
        break;
      case 'input_image':
        parts.push(
          part.image_url ? mediaPart(part.image_url, 'image') : { type: 'file', modality: 'image' },
        );
        break;
      case 'input_audio':
        parts.push({ type: 'blob', modality: 'audio' });
        break;
      default:
        parts.push({ type: String(part.type) });
    }
  }
}

/** Text of a content value, for tool results (the conventions want the response itself). */
export function contentText(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  let text = '';
  for (const part of content) if (isDict(part) && typeof part.text === 'string') text += part.text;
  return text;
}

function toolCallParts(toolCalls: unknown, parts: MessagePart[]): void {
  if (!Array.isArray(toolCalls)) return;
  for (const call of toolCalls) {
    if (!isDict(call)) continue;
    const fn = isDict(call.function)
      ? call.function
      : isDict(call.custom)
        ? call.custom
        : undefined;
    parts.push({
      type: 'tool_call',
      id: typeof call.id === 'string' ? call.id : undefined,
      name: String(fn?.name ?? ''),
      arguments: parseArguments(fn ? (fn.arguments ?? fn.input) : undefined),
    });
  }
}

/**
 * Chat `messages` as the conventions' input messages, in order. System and developer messages
 * are part of the chat history, so they stay here with their role: `gen_ai.system_instructions`
 * is only for instructions given apart from the history.
 */
export function chatInputMessages(messages: unknown): ChatMessage[] {
  const input: ChatMessage[] = [];
  if (!Array.isArray(messages)) return input;
  for (const message of messages) {
    if (!isDict(message)) continue;
    const role = String(message.role);
    const parts: MessagePart[] = [];
    if (role === 'tool' || role === 'function') {
      parts.push({
        type: 'tool_call_response',
        id: typeof message.tool_call_id === 'string' ? message.tool_call_id : undefined,
        response: contentText(message.content),
      });
    } else {
      appendContentParts(message.content, parts);
      if (typeof message.refusal === 'string') {
        parts.push({ type: 'refusal', content: message.refusal });
      }
      toolCallParts(message.tool_calls, parts);
    }
    const out: ChatMessage = { role: role === 'function' ? 'tool' : role, parts };
    if (typeof message.name === 'string') out.name = message.name;
    input.push(out);
  }
  return input;
}

/** One chat choice's `message` (or a streamed message assembled alike) as an output message. */
export function chatOutputMessage(message: unknown, finishReason: unknown): OutputMessage {
  const parts: MessagePart[] = [];
  if (isDict(message)) {
    if (typeof message.content === 'string') parts.push({ type: 'text', content: message.content });
    if (typeof message.refusal === 'string') {
      parts.push({ type: 'refusal', content: message.refusal });
    }
    toolCallParts(message.tool_calls, parts);
  }
  return {
    role: 'assistant',
    parts,
    finish_reason: typeof finishReason === 'string' ? finishReason : '',
  };
}

/** `gen_ai.tool.definitions`: flat `{type, name, description, parameters}` for chat and Responses tools. */
export function toolDefinitions(tools: unknown): Dict[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const out: Dict[] = [];
  for (const tool of tools) {
    if (!isDict(tool)) continue;
    // Chat nests the function; Responses (and custom tools) keep it flat.
    const fn = isDict(tool.function) ? tool.function : isDict(tool.custom) ? tool.custom : tool;
    const def: Dict = { type: tool.type };
    if (fn.name !== undefined) def.name = fn.name;
    if (fn.description !== undefined) def.description = fn.description;
    if (fn.parameters !== undefined) def.parameters = fn.parameters;
    out.push(def);
  }
  return out;
}
