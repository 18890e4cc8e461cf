import { alnumId } from '../ids.js';
import { exampleArguments } from '../openai/reply.js';
import { jsonEvent, type SseEvent } from '../sse.js';
import { countTokens, splitTokens } from '../tokens.js';
import type { HandlerRequest, HandlerResult } from '../types.js';
import { errorTypeFor } from './errors.js';

/** Request headers that shape an Anthropic reply (a child process cannot call the server). */
export const ANTHROPIC_MOCK_HEADERS = {
  /** Tokens of the prompt reported as read from the cache (taken off `input_tokens`). */
  cacheRead: 'x-mock-cache-read-tokens',
  /** An `error` event of this type (e.g. `overloaded_error`) after the first content delta. */
  streamError: 'x-mock-stream-error',
} as const;

/**
 * A `system` whose first block (10 tokens) is cached 5 minutes and second (5 tokens) 1 hour: with
 * a 2-token user turn (5 tokens with the framing) a request reports 5 uncached input tokens and
 * cache writes of 10 (5-minute) + 5 (1-hour). For tests that hand-compute cache costs.
 */
export const CACHED_SYSTEM_EXAMPLE = [
  {
    type: 'text',
    text: 'one two three four five six seven eight nine ten',
    cache_control: { type: 'ephemeral' },
  },
  {
    type: 'text',
    text: 'alpha beta gamma delta epsilon',
    cache_control: { type: 'ephemeral', ttl: '1h' },
  },
];

/** Thinking text of a reply when `thinking` is enabled. */
export const THINKING_TEXT = 'The user wants a short answer; I will give one.';

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object';
}

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const b of content) {
    if (!isDict(b)) continue;
    if (typeof b.text === 'string') text += `${b.text} `;
    else if (b.type === 'tool_result') text += `${blockText(b.content)} `;
    else if (b.type === 'tool_use') text += `${JSON.stringify(b.input ?? {})} `;
  }
  return text;
}

interface CacheMark {
  tokens: number;
  ttl: '5m' | '1h';
}

/**
 * Prompt tokens, and the prefixes marked `cache_control` (tools, then system, then messages, as
 * Anthropic orders the prompt): tokens up to each mark are written to a cache of that mark's TTL.
 */
function promptTokens(body: Dict): { total: number; marks: CacheMark[] } {
  let total = 0;
  const marks: CacheMark[] = [];
  const visit = (text: string, block: unknown) => {
    total += countTokens(text);
    if (isDict(block) && isDict(block.cache_control))
      marks.push({ tokens: total, ttl: block.cache_control.ttl === '1h' ? '1h' : '5m' });
  };
  if (Array.isArray(body.tools)) for (const t of body.tools) visit(JSON.stringify(t), t);
  if (typeof body.system === 'string') visit(body.system, undefined);
  else if (Array.isArray(body.system)) for (const b of body.system) visit(blockText([b]), b);
  if (Array.isArray(body.messages))
    for (const m of body.messages) {
      if (!isDict(m)) continue;
      total += 3; // role and turn framing
      if (Array.isArray(m.content)) for (const b of m.content) visit(blockText([b]), b);
      else visit(blockText(m.content), undefined);
    }
  return { total, marks };
}

interface Plan {
  thinking: string | undefined;
  text: string | undefined;
  tool: { id: string; name: string; input: string } | undefined;
  stopReason: string;
}

function lastMessage(body: Dict): Dict | undefined {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = messages[messages.length - 1];
  return isDict(last) ? last : undefined;
}

function plan(body: Dict): Plan {
  const thinking =
    isDict(body.thinking) && body.thinking.type === 'enabled' ? THINKING_TEXT : undefined;
  const last = lastMessage(body);
  const answeredTool =
    Array.isArray(last?.content) && last.content.some((b) => isDict(b) && b.type === 'tool_result');
  const tools = Array.isArray(body.tools) ? body.tools.filter(isDict) : [];
  const choice = isDict(body.tool_choice) ? body.tool_choice : undefined;
  if (tools.length > 0 && !answeredTool && choice?.type !== 'none') {
    const tool =
      (choice?.type === 'tool' ? tools.find((t) => t.name === choice.name) : undefined) ??
      tools[0]!;
    return {
      thinking,
      text: undefined,
      tool: {
        id: alnumId('toolu_', 24),
        name: String(tool.name),
        input: exampleArguments(tool.input_schema),
      },
      stopReason: 'tool_use',
    };
  }
  const asked = blockText(last?.content).trim();
  const text = answeredTool
    ? 'The tool says it is done.'
    : `Mock reply: ${asked.split(/\s+/).slice(0, 8).join(' ')}`.trim();
  const max = typeof body.max_tokens === 'number' ? body.max_tokens : 4096;
  const pieces = splitTokens(text);
  if (pieces.length > max)
    return {
      thinking,
      text: pieces.slice(0, max).join(''),
      tool: undefined,
      stopReason: 'max_tokens',
    };
  return { thinking, text, tool: undefined, stopReason: 'end_turn' };
}

interface Usage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  service_tier: string;
  output_tokens_details?: { thinking_tokens: number };
}

function usageFor(req: HandlerRequest, p: Plan): Usage {
  const { total, marks } = promptTokens(req.body);
  // Each mark writes the tokens after the previous one, to its own TTL.
  let write5m = 0;
  let write1h = 0;
  let before = 0;
  for (const mark of marks) {
    const written = mark.tokens - before;
    if (mark.ttl === '1h') write1h += written;
    else write5m += written;
    before = mark.tokens;
  }
  const header = req.headers[ANTHROPIC_MOCK_HEADERS.cacheRead];
  const wantRead = typeof header === 'string' ? Number.parseInt(header, 10) : 0;
  const uncached = total - write5m - write1h;
  const read = Math.max(0, Math.min(Number.isFinite(wantRead) ? wantRead : 0, uncached));
  const thinkingTokens = p.thinking === undefined ? 0 : countTokens(p.thinking);
  const output =
    thinkingTokens +
    (p.text === undefined ? 0 : countTokens(p.text)) +
    (p.tool === undefined ? 0 : countTokens(p.tool.input) + 10);
  const usage: Usage = {
    input_tokens: uncached - read,
    cache_creation_input_tokens: write5m + write1h,
    cache_read_input_tokens: read,
    cache_creation: { ephemeral_5m_input_tokens: write5m, ephemeral_1h_input_tokens: write1h },
    output_tokens: output,
    service_tier: 'standard',
  };
  if (thinkingTokens > 0) usage.output_tokens_details = { thinking_tokens: thinkingTokens };
  return usage;
}

function content(p: Plan): Dict[] {
  const out: Dict[] = [];
  if (p.thinking !== undefined)
    out.push({ type: 'thinking', thinking: p.thinking, signature: 'EqMockSignature==' });
  if (p.text !== undefined) out.push({ type: 'text', text: p.text });
  if (p.tool !== undefined)
    out.push({
      type: 'tool_use',
      id: p.tool.id,
      name: p.tool.name,
      input: JSON.parse(p.tool.input),
    });
  return out;
}

/** `POST /v1/messages`: a `Message`, or its SSE events with `stream: true`. */
export function messages(req: HandlerRequest): HandlerResult {
  const body = req.body;
  if (
    typeof body.model !== 'string' ||
    typeof body.max_tokens !== 'number' ||
    !Array.isArray(body.messages)
  ) {
    const [type] = errorTypeFor(400);
    const missing =
      typeof body.model !== 'string'
        ? 'model'
        : typeof body.max_tokens !== 'number'
          ? 'max_tokens'
          : 'messages';
    return {
      kind: 'json',
      status: 400,
      body: {
        type: 'error',
        error: { type, message: `${missing}: Field required` },
        request_id: 'req_mock400',
      },
    };
  }
  const p = plan(body);
  const usage = usageFor(req, p);
  const id = alnumId('msg_', 24);
  const model = body.model;
  if (body.stream !== true) {
    return {
      kind: 'json',
      status: 200,
      body: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: content(p),
        stop_reason: p.stopReason,
        stop_sequence: null,
        usage,
      },
    };
  }
  return { kind: 'sse', events: streamEvents(req, id, model, p, usage) };
}

function streamEvents(
  req: HandlerRequest,
  id: string,
  model: string,
  p: Plan,
  usage: Usage,
): SseEvent[] {
  const events: SseEvent[] = [];
  const emit = (data: Dict) => events.push(jsonEvent(data, String(data.type)));
  // message_start has the input side and a tiny output count; message_delta the final totals.
  emit({
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1, output_tokens_details: undefined },
    },
  });
  emit({ type: 'ping' });
  let index = 0;
  const streamError = req.headers[ANTHROPIC_MOCK_HEADERS.streamError];
  const failAfterFirstDelta = typeof streamError === 'string' ? streamError : undefined;
  let failed = false;
  const deltas = (texts: string[], make: (t: string) => Dict) => {
    for (const t of texts) {
      emit({ type: 'content_block_delta', index, delta: make(t) });
      if (failAfterFirstDelta !== undefined && !failed) {
        failed = true;
        emit({
          type: 'error',
          error: { type: failAfterFirstDelta, message: errorMessage(failAfterFirstDelta) },
        });
      }
    }
  };
  if (p.thinking !== undefined) {
    emit({
      type: 'content_block_start',
      index,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    });
    deltas(splitTokens(p.thinking), (t) => ({ type: 'thinking_delta', thinking: t }));
    emit({
      type: 'content_block_delta',
      index,
      delta: { type: 'signature_delta', signature: 'EqMockSignature==' },
    });
    emit({ type: 'content_block_stop', index });
    index++;
  }
  if (p.text !== undefined) {
    emit({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    deltas(splitTokens(p.text), (t) => ({ type: 'text_delta', text: t }));
    emit({ type: 'content_block_stop', index });
    index++;
  }
  if (p.tool !== undefined) {
    emit({
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: p.tool.id, name: p.tool.name, input: {} },
    });
    const json = p.tool.input;
    const half = Math.ceil(json.length / 2);
    deltas([json.slice(0, half), json.slice(half)], (t) => ({
      type: 'input_json_delta',
      partial_json: t,
    }));
    emit({ type: 'content_block_stop', index });
    index++;
  }
  if (failed) return events.slice(0, events.findIndex((e) => e.event === 'error') + 1);
  const final: Dict = {
    input_tokens: usage.input_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    output_tokens: usage.output_tokens,
  };
  if (usage.output_tokens_details) final.output_tokens_details = usage.output_tokens_details;
  emit({
    type: 'message_delta',
    delta: { stop_reason: p.stopReason, stop_sequence: null },
    usage: final,
  });
  emit({ type: 'message_stop' });
  return events;
}

function errorMessage(type: string): string {
  return type === 'overloaded_error'
    ? 'Overloaded'
    : type === 'api_error'
      ? 'Internal server error'
      : type;
}
