import { alnumId, hexId } from '../ids.js';
import { jsonEvent, type SseEvent } from '../sse.js';
import { countTokens, splitTokens, truncateTokens } from '../tokens.js';
import type { HandlerRequest, HandlerResult } from '../types.js';
import { missingParameter, modelNotFound } from './errors.js';
import { isReasoningModel, isUnknownModel, reasoningTokensFor, snapshotOf } from './models.js';
import {
  cachedTokensFor,
  planReply,
  promptTokens,
  type ToolSpec,
  type Turn,
  toolCallTokens,
} from './reply.js';
import { contentOf, serviceTierOf, toolChoiceOf } from './request-fields.js';

interface ResponsesRequest {
  model?: unknown;
  input?: unknown;
  instructions?: string | null;
  tools?: ({ type?: string } & ToolSpec)[];
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
  max_output_tokens?: number | null;
  reasoning?: { effort?: string; summary?: string } | null;
  stream?: boolean;
  temperature?: number | null;
  top_p?: number | null;
  store?: boolean;
  metadata?: Record<string, string>;
  previous_response_id?: string | null;
  service_tier?: string;
  truncation?: string;
  user?: string;
}

interface InputItem {
  type?: string;
  role?: string;
  content?: unknown;
  name?: string;
  arguments?: string;
  output?: unknown;
}

type OutputItem = Record<string, unknown> & { id: string; type: string };

/** `POST /v1/responses`, JSON or the typed SSE event stream. */
export function responses(req: HandlerRequest): HandlerResult {
  const body = req.body as ResponsesRequest;
  if (typeof body.model !== 'string' || body.model === '') return missingParameter('model');
  const model = body.model;
  if (isUnknownModel(model)) return modelNotFound(model);

  const turns = inputTurns(body.input);
  const tools: ToolSpec[] = (body.tools ?? [])
    .filter((t) => t.type === 'function' && typeof t.name === 'string')
    .map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }));
  const plan = planReply(
    turns,
    tools,
    toolChoiceOf(body.tool_choice),
    body.parallel_tool_calls !== false,
  );
  const budget = body.max_output_tokens ?? undefined;
  const reasoningWanted = reasoningTokensFor(model, body.reasoning?.effort);
  const reasoning = budget === undefined ? reasoningWanted : Math.min(reasoningWanted, budget);

  const output: OutputItem[] = [];
  if (isReasoningModel(model))
    output.push({ id: hexId('rs_', 25), type: 'reasoning', summary: [] });
  let visible = 0;
  let incomplete = false;
  if (plan.kind === 'tool_calls') {
    for (const call of plan.calls) {
      output.push({
        id: hexId('fc_', 25),
        type: 'function_call',
        status: 'completed',
        arguments: call.arguments,
        call_id: alnumId('call_', 24),
        name: call.name,
      });
    }
    visible = toolCallTokens(plan.calls);
  } else {
    const room = budget === undefined ? Number.POSITIVE_INFINITY : budget - reasoning;
    const fullTokens = countTokens(plan.text);
    incomplete = fullTokens > room;
    const text = incomplete ? truncateTokens(plan.text, room) : plan.text;
    visible = incomplete ? countTokens(text) : fullTokens;
    // A budget eaten whole by reasoning leaves no message, as with the real API.
    if (text.length > 0 || !incomplete) {
      output.push({
        id: hexId('msg_', 25),
        type: 'message',
        status: incomplete ? 'incomplete' : 'completed',
        content: [{ type: 'output_text', annotations: [], logprobs: [], text }],
        role: 'assistant',
      });
    }
  }

  const input = promptTokens(turns, tools, body.instructions ?? undefined);
  const usage = {
    input_tokens: input,
    input_tokens_details: {
      cached_tokens: cachedTokensFor(input, req.headers['x-mock-cached-tokens']),
    },
    output_tokens: reasoning + visible,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: input + reasoning + visible,
  };
  const createdAt = Math.floor(Date.now() / 1000);
  const response = {
    id: hexId('resp_', 25),
    object: 'response',
    created_at: createdAt,
    status: incomplete ? 'incomplete' : 'completed',
    background: false,
    completed_at: incomplete ? null : createdAt,
    error: null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: null,
    model: snapshotOf(model),
    output,
    parallel_tool_calls: body.parallel_tool_calls !== false,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: null,
    reasoning: isReasoningModel(model)
      ? { effort: body.reasoning?.effort ?? 'medium', summary: body.reasoning?.summary ?? null }
      : { effort: null, summary: null },
    safety_identifier: null,
    service_tier: serviceTierOf(body.service_tier),
    store: body.store !== false,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: 0,
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage,
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };

  if (body.stream === true) return { kind: 'sse', events: streamEvents(response) };
  return { kind: 'json', status: 200, body: response };
}

/**
 * The Responses event sequence: created, in_progress, then per output item its added/delta/done
 * events, then completed (or incomplete) carrying the whole response with usage.
 */
function streamEvents(response: {
  output: OutputItem[];
  status: string;
  usage: unknown;
  [k: string]: unknown;
}): SseEvent[] {
  const events: SseEvent[] = [];
  let seq = 0;
  const emit = (type: string, fields: Record<string, unknown>) => {
    events.push(jsonEvent({ type, sequence_number: seq++, ...fields }, type));
  };
  const pending = {
    ...response,
    status: 'in_progress',
    completed_at: null,
    incomplete_details: null,
    output: [],
    usage: null,
  };
  emit('response.created', { response: pending });
  emit('response.in_progress', { response: pending });

  response.output.forEach((item, outputIndex) => {
    const ids = { item_id: item.id, output_index: outputIndex };
    if (item.type === 'message') {
      const part = (item.content as { text: string }[])[0]!;
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', content: [] },
      });
      emit('response.content_part.added', {
        ...ids,
        content_index: 0,
        part: { ...part, text: '' },
      });
      for (const delta of splitTokens(part.text)) {
        emit('response.output_text.delta', { ...ids, content_index: 0, delta, logprobs: [] });
      }
      emit('response.output_text.done', {
        ...ids,
        content_index: 0,
        text: part.text,
        logprobs: [],
      });
      emit('response.content_part.done', { ...ids, content_index: 0, part });
    } else if (item.type === 'function_call') {
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      const args = item.arguments as string;
      for (const delta of splitTokens(args)) {
        emit('response.function_call_arguments.delta', { ...ids, delta });
      }
      emit('response.function_call_arguments.done', { ...ids, name: item.name, arguments: args });
    } else {
      emit('response.output_item.added', { output_index: outputIndex, item });
    }
    emit('response.output_item.done', { output_index: outputIndex, item });
  });

  emit(response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', {
    response,
  });
  return events;
}

function inputTurns(input: unknown): Turn[] {
  if (typeof input === 'string') return [{ role: 'user', text: input, images: 0, toolCalls: [] }];
  if (!Array.isArray(input)) return [];
  const turns: Turn[] = [];
  for (const item of input as InputItem[]) {
    if (item.type === 'function_call') {
      turns.push({
        role: 'assistant',
        text: '',
        images: 0,
        toolCalls: [{ name: item.name ?? '', arguments: item.arguments ?? '' }],
      });
    } else if (item.type === 'function_call_output') {
      const out =
        typeof item.output === 'string' ? { text: item.output, images: 0 } : contentOf(item.output);
      turns.push({ role: 'tool', ...out, toolCalls: [] });
    } else if (typeof item.role === 'string') {
      turns.push({ role: item.role, ...contentOf(item.content), toolCalls: [] });
    }
  }
  return turns;
}
