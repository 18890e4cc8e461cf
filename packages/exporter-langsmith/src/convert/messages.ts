import type { ChatMessage, MessagePart, OutputMessage } from '@genai-otel/semantic-conventions';

// The conventions' message JSON → OpenAI chat messages, the format LangSmith renders as a chat for
// every provider (and the one its own `wrapOpenAI` records).

type Dict = Record<string, unknown>;

export interface OpenAIToolCall {
  id?: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface OpenAIMessage {
  role: string;
  content: string | Dict[] | null;
  name?: string;
  tool_calls?: OpenAIToolCall[];
  tool_call_id?: string;
}

export interface OpenAIChoice {
  index: number;
  message: OpenAIMessage;
  finish_reason: string | null;
}

/** Parses a JSON attribute; `undefined` when it is absent or not JSON (e.g. truncated text). */
export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** A non-text part as OpenAI content: images by URL, anything uncaptured as a `[modality]` marker. */
function contentPart(part: MessagePart): Dict {
  const p = part as Dict;
  if (p.type === 'uri' && p.modality === 'image' && typeof p.uri === 'string') {
    return { type: 'image_url', image_url: { url: p.uri } };
  }
  return { type: 'text', text: `[${String(p.modality ?? p.type)}]` };
}

/** Text when every part is text (the common case, rendered as plain text), else OpenAI parts. */
function content(parts: readonly MessagePart[]): string | Dict[] | null {
  let text: string | undefined;
  let rich: Dict[] | undefined;
  for (const part of parts) {
    if (part.type === 'text' || part.type === 'refusal') {
      const t = String((part as Dict).content ?? '');
      if (rich) rich.push({ type: 'text', text: t });
      else text = text === undefined ? t : text + t;
    } else if (part.type === 'tool_call' || part.type === 'tool_call_response') {
      // Carried by tool_calls / tool messages.
    } else if (part.type === 'reasoning') {
      // Not part of the visible reply; reasoning token counts are in usage_metadata.
    } else {
      rich ??= text === undefined ? [] : [{ type: 'text', text }];
      rich.push(contentPart(part));
    }
  }
  return rich ?? text ?? null;
}

function toolCalls(parts: readonly MessagePart[]): OpenAIToolCall[] | undefined {
  let calls: OpenAIToolCall[] | undefined;
  for (const part of parts) {
    if (part.type !== 'tool_call') continue;
    const p = part as Dict;
    const call: OpenAIToolCall = {
      type: 'function',
      function: { name: String(p.name ?? ''), arguments: asText(p.arguments ?? {}) },
    };
    if (typeof p.id === 'string') call.id = p.id;
    if (calls === undefined) calls = [call];
    else calls.push(call);
  }
  return calls;
}

function pushMessage(out: OpenAIMessage[], message: ChatMessage): void {
  const parts = Array.isArray(message.parts) ? message.parts : [];
  // One OpenAI tool message per tool result.
  let sawResponse = false;
  for (const part of parts) {
    if (part.type !== 'tool_call_response') continue;
    sawResponse = true;
    const p = part as Dict;
    const m: OpenAIMessage = { role: 'tool', content: asText(p.response) };
    if (typeof p.id === 'string') m.tool_call_id = p.id;
    out.push(m);
  }
  if (sawResponse && message.role === 'tool') return;
  const m: OpenAIMessage = { role: String(message.role), content: content(parts) };
  if (typeof message.name === 'string') m.name = message.name;
  const calls = toolCalls(parts);
  if (calls) m.tool_calls = calls;
  out.push(m);
}

/**
 * `inputs.messages`: the system instructions as a leading system message, then the input
 * messages. `undefined` when neither was captured.
 */
export function inputMessages(system: unknown, input: unknown): OpenAIMessage[] | undefined {
  const out: OpenAIMessage[] = [];
  if (Array.isArray(system) && system.length > 0) {
    out.push({ role: 'system', content: content(system as MessagePart[]) });
  }
  if (Array.isArray(input)) {
    for (const message of input) if (isDict(message)) pushMessage(out, message as never);
  }
  return out.length > 0 || Array.isArray(input) ? out : undefined;
}

/** `outputs.choices`, as an OpenAI chat completion has them. */
export function outputChoices(output: unknown): OpenAIChoice[] | undefined {
  if (!Array.isArray(output)) return undefined;
  const choices: OpenAIChoice[] = [];
  for (const message of output) {
    if (!isDict(message)) continue;
    const m = message as unknown as OutputMessage;
    const parts = Array.isArray(m.parts) ? m.parts : [];
    const msg: OpenAIMessage = { role: String(m.role ?? 'assistant'), content: content(parts) };
    const calls = toolCalls(parts);
    if (calls) msg.tool_calls = calls;
    choices.push({
      index: choices.length,
      message: msg,
      finish_reason:
        typeof m.finish_reason === 'string' && m.finish_reason ? m.finish_reason : null,
    });
  }
  return choices;
}

/** `gen_ai.tool.definitions` (flat) → OpenAI `tools`. */
export function openAITools(definitions: unknown): Dict[] | undefined {
  if (!Array.isArray(definitions) || definitions.length === 0) return undefined;
  return definitions.filter(isDict).map((d) => {
    const fn: Dict = { name: d.name };
    if (d.description !== undefined) fn.description = d.description;
    if (d.parameters !== undefined) fn.parameters = d.parameters;
    return {
      type: d.type === 'function' || d.type === undefined ? 'function' : d.type,
      function: fn,
    };
  });
}
