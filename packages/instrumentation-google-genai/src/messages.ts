import { type Dict, parseArguments } from '@genai-otel/instrumentation-core';
import type {
  ChatMessage,
  MessagePart,
  OutputMessage,
  SystemInstructions,
} from '@genai-otel/semantic-conventions';

// Gemini `Content`/`Part` → the conventions' message JSON. Only called when content capture is on.

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object';
}

/** The conventions' finish reason of a Gemini `finishReason` (output messages use their values). */
export function finishReason(reason: unknown): string {
  switch (reason) {
    case 'STOP':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
      return 'content_filter';
    default:
      return typeof reason === 'string' ? reason.toLowerCase() : '';
  }
}

function appendPart(part: unknown, parts: MessagePart[]): void {
  if (typeof part === 'string') {
    parts.push({ type: 'text', content: part });
    return;
  }
  if (!isDict(part)) return;
  if (typeof part.text === 'string') {
    parts.push({ type: part.thought === true ? 'reasoning' : 'text', content: part.text });
  } else if (isDict(part.functionCall)) {
    const call = part.functionCall;
    parts.push({
      type: 'tool_call',
      id: typeof call.id === 'string' ? call.id : undefined,
      name: String(call.name ?? ''),
      arguments: parseArguments(call.args),
    });
  } else if (isDict(part.functionResponse)) {
    const response = part.functionResponse;
    parts.push({
      type: 'tool_call_response',
      id: typeof response.id === 'string' ? response.id : undefined,
      response: response.response,
    });
  } else if (isDict(part.inlineData)) {
    // Inline bytes stay out of telemetry: only their type is recorded.
    const mime = part.inlineData.mimeType;
    parts.push(typeof mime === 'string' ? { type: 'blob', mime_type: mime } : { type: 'blob' });
  } else if (isDict(part.fileData) && typeof part.fileData.fileUri === 'string') {
    parts.push({ type: 'uri', uri: part.fileData.fileUri });
  } else {
    parts.push({ type: Object.keys(part)[0] ?? 'unknown' });
  }
}

function appendParts(value: unknown, parts: MessagePart[]): void {
  if (Array.isArray(value)) for (const part of value) appendPart(part, parts);
  else appendPart(value, parts);
}

function roleOf(role: unknown): string {
  return role === 'model' ? 'assistant' : typeof role === 'string' ? role : 'user';
}

function isContent(value: unknown): value is Dict {
  return isDict(value) && (Array.isArray(value.parts) || typeof value.role === 'string');
}

/**
 * `contents` in order. The SDK takes a string, a part, parts (one user turn) or `Content`s
 * (turns with roles), as its `tContents` does.
 */
export function inputMessages(contents: unknown): ChatMessage[] {
  const items = Array.isArray(contents) ? contents : [contents];
  if (items.length > 0 && items.every(isContent)) {
    return items.map((c) => {
      const parts: MessagePart[] = [];
      appendParts(c.parts, parts);
      return { role: roleOf(c.role), parts };
    });
  }
  const parts: MessagePart[] = [];
  appendParts(items, parts);
  return parts.length > 0 ? [{ role: 'user', parts }] : [];
}

/** `config.systemInstruction`: a string, a part, parts or a `Content`. */
export function systemInstructions(system: unknown): SystemInstructions | undefined {
  if (system == null) return undefined;
  const parts: SystemInstructions = [];
  appendParts(isContent(system) ? system.parts : system, parts);
  return parts.length > 0 ? parts : undefined;
}

/** The assistant message of one candidate. */
export function outputMessage(content: unknown, reason: unknown): OutputMessage {
  const parts: MessagePart[] = [];
  if (isDict(content)) appendParts(content.parts, parts);
  return { role: 'assistant', parts, finish_reason: finishReason(reason) };
}

/** `gen_ai.tool.definitions`: one `{type: 'function', name, description, parameters}` per declaration; built-in tools by their key. */
export function toolDefinitions(tools: unknown): Dict[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const out: Dict[] = [];
  for (const tool of tools) {
    if (!isDict(tool)) continue;
    for (const [key, value] of Object.entries(tool)) {
      if (key !== 'functionDeclarations') {
        out.push({ type: key });
        continue;
      }
      if (!Array.isArray(value)) continue;
      for (const fn of value) {
        if (!isDict(fn)) continue;
        const def: Dict = { type: 'function', name: fn.name };
        if (fn.description !== undefined) def.description = fn.description;
        const parameters = fn.parametersJsonSchema ?? fn.parameters;
        if (parameters !== undefined) def.parameters = parameters;
        out.push(def);
      }
    }
  }
  return out;
}
