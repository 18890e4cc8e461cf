import type { Dict } from '@genai-otel/instrumentation-core';
import type {
  ChatMessage,
  MessagePart,
  OutputMessage,
  SystemInstructions,
} from '@genai-otel/semantic-conventions';

// Converse content blocks → the conventions' message JSON. Only called when content capture is on.

export function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object';
}

/** The conventions' finish reason of a Converse `stopReason` (output messages use their values). */
export function finishReason(stopReason: unknown): string {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_call';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return typeof stopReason === 'string' ? stopReason : '';
  }
}

function toolResultContent(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  const out: unknown[] = [];
  for (const block of content) {
    if (!isDict(block)) continue;
    if (typeof block.text === 'string') out.push(block.text);
    else if (block.json !== undefined) out.push(block.json);
  }
  return out.length === 1 ? out[0] : out;
}

/** The format of an image/document/video block; its bytes stay out of telemetry. */
function mediaPart(block: unknown, modality: string): MessagePart {
  const format = isDict(block) && typeof block.format === 'string' ? block.format : undefined;
  const source = isDict(block) && isDict(block.source) ? block.source : undefined;
  const uri = isDict(source?.s3Location) ? source.s3Location.uri : undefined;
  if (typeof uri === 'string') return { type: 'uri', modality, uri };
  return format
    ? { type: 'blob', modality, mime_type: `${modality}/${format}` }
    : { type: 'blob', modality };
}

/** Appends the parts of a Converse content array (`cachePoint` markers are no content). */
export function appendBlocks(content: unknown, parts: MessagePart[]): void {
  if (!Array.isArray(content)) return;
  for (const block of content) {
    if (!isDict(block)) continue;
    if (typeof block.text === 'string') parts.push({ type: 'text', content: block.text });
    else if (isDict(block.toolUse))
      parts.push({
        type: 'tool_call',
        id: typeof block.toolUse.toolUseId === 'string' ? block.toolUse.toolUseId : undefined,
        name: String(block.toolUse.name ?? ''),
        arguments: block.toolUse.input,
      });
    else if (isDict(block.toolResult))
      parts.push({
        type: 'tool_call_response',
        id: typeof block.toolResult.toolUseId === 'string' ? block.toolResult.toolUseId : undefined,
        response: toolResultContent(block.toolResult.content),
      });
    else if (isDict(block.reasoningContent)) {
      const reasoning = block.reasoningContent.reasoningText;
      // Redacted reasoning is encrypted: nothing readable to record.
      const text = isDict(reasoning) && typeof reasoning.text === 'string' ? reasoning.text : '';
      parts.push({ type: 'reasoning', content: text });
    } else if (block.image !== undefined) parts.push(mediaPart(block.image, 'image'));
    else if (block.document !== undefined) parts.push(mediaPart(block.document, 'document'));
    else if (block.video !== undefined) parts.push(mediaPart(block.video, 'video'));
    else if (isDict(block.guardContent) && isDict(block.guardContent.text))
      parts.push({ type: 'text', content: String(block.guardContent.text.text ?? '') });
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

/** `system` blocks: the conventions' system instructions. */
export function systemInstructions(system: unknown): SystemInstructions | undefined {
  const parts: SystemInstructions = [];
  appendBlocks(system, parts);
  return parts.length > 0 ? parts : undefined;
}

/** The assistant message of a Converse result (or one assembled from a stream). */
export function outputMessage(content: unknown, stopReason: unknown): OutputMessage {
  const parts: MessagePart[] = [];
  appendBlocks(content, parts);
  return { role: 'assistant', parts, finish_reason: finishReason(stopReason) };
}

/** `gen_ai.tool.definitions` of a `toolConfig`: `{type, name, description, parameters}` per tool. */
export function toolDefinitions(toolConfig: unknown): Dict[] | undefined {
  const tools = isDict(toolConfig) ? toolConfig.tools : undefined;
  if (!Array.isArray(tools)) return undefined;
  const out: Dict[] = [];
  for (const tool of tools) {
    const spec = isDict(tool) ? tool.toolSpec : undefined;
    if (!isDict(spec)) continue;
    const def: Dict = { type: 'function', name: spec.name };
    if (spec.description !== undefined) def.description = spec.description;
    if (isDict(spec.inputSchema) && spec.inputSchema.json !== undefined)
      def.parameters = spec.inputSchema.json;
    out.push(def);
  }
  return out.length > 0 ? out : undefined;
}
