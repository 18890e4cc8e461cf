import { alnumId } from '../ids.js';
import { IMAGE_TOKENS, planReply, type ToolChoice, type Turn } from '../openai/reply.js';
import { countTokens, splitTokens, truncateTokens } from '../tokens.js';
import type { HandlerResult } from '../types.js';
import { REASONING_TEXT } from './converse.js';
import type { InvokeOutcome } from './invoke.js';
import { missingKey } from './invoke.js';
import { anthropicModelName, type ResolvedModel } from './model-id.js';

interface Block {
  type?: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  content?: string | Block[];
  cache_control?: { type?: string; ttl?: string };
}
interface AnthropicMessage {
  role?: string;
  content?: string | Block[];
}
interface AnthropicBody {
  anthropic_version?: string;
  max_tokens?: number;
  system?: string | Block[];
  messages?: AnthropicMessage[];
  tools?: (Block & { input_schema?: unknown; description?: string })[];
  tool_choice?: { type?: string; name?: string };
  thinking?: { type?: string };
}

const blocksOf = (c: string | Block[] | undefined): Block[] =>
  typeof c === 'string' ? [{ type: 'text', text: c }] : (c ?? []);

function blockText(b: Block): string {
  if (b.type === 'tool_result') return blocksOf(b.content).map(blockText).join('\n');
  return b.text ?? '';
}

function blockTokens(b: Block): number {
  if (b.type === 'image' || b.type === 'document') return IMAGE_TOKENS;
  if (b.type === 'tool_use')
    return countTokens(b.name ?? '') + countTokens(JSON.stringify(b.input ?? {}));
  return countTokens(blockText(b));
}

/**
 * Anthropic Messages on Bedrock (`anthropic_version: bedrock-2023-05-31`): Anthropic's response
 * body and usage (`input_tokens` excludes cache reads and writes), streamed as Anthropic's events,
 * one per chunk, `message_stop` carrying Bedrock's invocation metrics. A `cache_control` block
 * marks the end of the cached prefix: written on a first turn, read once the conversation has an
 * assistant turn.
 */
export function anthropicInvoke(
  raw: Record<string, unknown>,
  model: ResolvedModel,
): InvokeOutcome | HandlerResult {
  const body = raw as AnthropicBody;
  if (typeof body.anthropic_version !== 'string') return missingKey('anthropic_version');
  if (typeof body.max_tokens !== 'number') return missingKey('max_tokens');
  if (!Array.isArray(body.messages) || body.messages.length === 0) return missingKey('messages');

  let total = 0;
  let cacheable = 0;
  let ttl = '5m';
  const mark = (b: Block) => {
    if (!b.cache_control) return;
    cacheable = total;
    if (b.cache_control.ttl) ttl = b.cache_control.ttl;
  };
  for (const t of body.tools ?? []) {
    total += countTokens(
      JSON.stringify({ name: t.name, description: t.description, input_schema: t.input_schema }),
    );
    mark(t);
  }
  for (const b of blocksOf(body.system)) {
    total += blockTokens(b);
    mark(b);
  }
  const turns: Turn[] = [];
  for (const m of body.messages) {
    const blocks = blocksOf(m.content);
    for (const b of blocks) {
      total += blockTokens(b);
      mark(b);
    }
    const results = blocks.filter((b) => b.type === 'tool_result');
    turns.push({
      role: results.length > 0 ? 'tool' : m.role === 'assistant' ? 'assistant' : 'user',
      text: (results.length > 0 ? results : blocks.filter((b) => b.type === 'text'))
        .map(blockText)
        .join(''),
      images: blocks.filter((b) => b.type === 'image').length,
      toolCalls: blocks
        .filter((b) => b.type === 'tool_use')
        .map((b) => ({ name: b.name ?? '', arguments: JSON.stringify(b.input ?? {}) })),
    });
  }
  const followUp = body.messages.some((m) => m.role === 'assistant');
  const read = followUp ? cacheable : 0;
  const write = followUp ? 0 : cacheable;
  const input = total - cacheable;

  const tc = body.tool_choice;
  const choice: ToolChoice =
    tc?.type === 'tool' && tc.name
      ? { name: tc.name }
      : tc?.type === 'any'
        ? 'required'
        : tc?.type === 'none'
          ? 'none'
          : 'auto';
  const tools = (body.tools ?? []).map((t) => ({ name: t.name ?? '', parameters: t.input_schema }));
  const plan = planReply(turns, tools, choice, true);

  const content: Record<string, unknown>[] = [];
  let output = 0;
  if (body.thinking?.type === 'enabled') {
    content.push({ type: 'thinking', thinking: REASONING_TEXT, signature: 'mock-signature' });
    output += countTokens(REASONING_TEXT);
  }
  let stopReason = 'end_turn';
  if (plan.kind === 'tool_calls') {
    stopReason = 'tool_use';
    for (const c of plan.calls) {
      content.push({
        type: 'tool_use',
        id: alnumId('toolu_bdrk_', 24),
        name: c.name,
        input: JSON.parse(c.arguments),
      });
      output += countTokens(c.name) + countTokens(c.arguments);
    }
  } else {
    const text = truncateTokens(plan.text, Math.max(0, body.max_tokens - output));
    if (text !== plan.text) stopReason = 'max_tokens';
    content.push({ type: 'text', text });
    output += countTokens(text);
  }
  const usage: Record<string, unknown> = {
    input_tokens: input,
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
    output_tokens: output,
  };
  if (write > 0) {
    usage.cache_creation = {
      ephemeral_5m_input_tokens: ttl === '1h' ? 0 : write,
      ephemeral_1h_input_tokens: ttl === '1h' ? write : 0,
    };
  }
  const message = {
    id: alnumId('msg_bdrk_', 24),
    type: 'message',
    role: 'assistant',
    model: anthropicModelName(model.base),
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage,
  };
  return {
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: read,
    cacheWriteTokens: write,
    body: message,
    events: streamEvents(message, usage, content, stopReason, output),
  };
}

function streamEvents(
  message: Record<string, unknown>,
  usage: Record<string, unknown>,
  content: Record<string, unknown>[],
  stopReason: string,
  output: number,
): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [
    {
      type: 'message_start',
      message: {
        ...message,
        content: [],
        stop_reason: null,
        usage: { ...usage, output_tokens: 1 },
      },
    },
  ];
  content.forEach((block, index) => {
    const delta = (d: Record<string, unknown>) =>
      events.push({ type: 'content_block_delta', index, delta: d });
    if (block.type === 'text') {
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      });
      for (const piece of splitTokens(block.text as string))
        delta({ type: 'text_delta', text: piece });
    } else if (block.type === 'thinking') {
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '' },
      });
      for (const piece of splitTokens(block.thinking as string))
        delta({ type: 'thinking_delta', thinking: piece });
      delta({ type: 'signature_delta', signature: block.signature });
    } else {
      events.push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      for (const piece of splitTokens(JSON.stringify(block.input)))
        delta({ type: 'input_json_delta', partial_json: piece });
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: output },
  });
  events.push({ type: 'message_stop' });
  return events;
}
