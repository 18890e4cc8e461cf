import type { Dict } from '@genai-otel/instrumentation-core';
import type {
  ChatMessage,
  MessagePart,
  SystemInstructions,
} from '@genai-otel/semantic-conventions';
import { isDict } from './converse-messages.js';

// InvokeModel request bodies → the conventions' messages: text only (images and tool blocks are
// recorded by their type). Only called when content capture is on.

function parts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  const out: MessagePart[] = [];
  if (!Array.isArray(content)) return out;
  for (const block of content) {
    if (!isDict(block)) continue;
    if (typeof block.text === 'string') out.push({ type: 'text', content: block.text });
    else out.push({ type: String(block.type ?? Object.keys(block)[0] ?? 'unknown') });
  }
  return out;
}

/** `messages` (Anthropic, Nova, Mistral chat), else the `prompt` / `inputText` as one user turn. */
export function promptMessages(body: Dict): ChatMessage[] {
  if (Array.isArray(body.messages)) {
    const out: ChatMessage[] = [];
    for (const m of body.messages)
      if (isDict(m)) out.push({ role: String(m.role), parts: parts(m.content) });
    return out;
  }
  const prompt = body.prompt ?? body.inputText;
  return typeof prompt === 'string'
    ? [{ role: 'user', parts: [{ type: 'text', content: prompt }] }]
    : [];
}

/** `system` as Anthropic (a string or blocks) and Nova (`[{text}]`) give it. */
export function promptSystem(body: Dict): SystemInstructions | undefined {
  if (body.system === undefined) return undefined;
  const out = parts(body.system);
  return out.length > 0 ? out : undefined;
}
