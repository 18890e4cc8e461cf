import { alnumId } from '../ids.js';
import { jsonEvent, type SseEvent } from '../sse.js';
import { countTokens, splitTokens, truncateTokens } from '../tokens.js';
import type { HandlerRequest, HandlerResult } from '../types.js';
import { missingModel, missingParameter, modelNotFound, openAIError } from './errors.js';
import { fingerprintOf, isUnknownModel, reasoningTokensFor, snapshotOf } from './models.js';
import {
  cachedTokensFor,
  planReply,
  promptTokens,
  type ReplyPlan,
  type ToolCallSpec,
  type ToolSpec,
  type Turn,
  textForChoice,
  toolCallTokens,
} from './reply.js';
import { contentOf, serviceTierOf, toolChoiceOf } from './request-fields.js';

interface ChatMessage {
  role?: string;
  content?: unknown;
  name?: string;
  tool_calls?: { function?: { name?: string; arguments?: string } }[];
}

interface ChatRequest {
  model?: unknown;
  messages?: unknown;
  tools?: { type?: string; function?: ToolSpec }[];
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
  n?: number;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  reasoning_effort?: string;
  service_tier?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
}

interface PlannedChoice {
  index: number;
  content: string | null;
  calls: (ToolCallSpec & { id: string })[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  reasoningTokens: number;
  completionTokens: number;
}

/** `POST /v1/chat/completions`, JSON or SSE. */
export function chatCompletions(req: HandlerRequest): HandlerResult {
  const body = req.body as ChatRequest;
  if (typeof body.model !== 'string' || body.model === '') return missingModel();
  if (!Array.isArray(body.messages)) return missingParameter('messages');
  if (body.messages.length === 0) {
    return openAIError(
      400,
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'invalid_request_error',
      'messages',
      'empty_array',
    );
  }
  const model = body.model;
  if (isUnknownModel(model)) return modelNotFound(model);

  const n = typeof body.n === 'number' && body.n >= 1 ? Math.floor(body.n) : 1;
  const turns = (body.messages as ChatMessage[]).map(toTurn);
  const tools = (body.tools ?? [])
    .filter((t) => t.type === 'function' && t.function?.name)
    .map((t) => t.function!);
  const plan = planReply(
    turns,
    tools,
    toolChoiceOf(body.tool_choice),
    body.parallel_tool_calls !== false,
  );
  const budget = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  const reasoning = reasoningTokensFor(model, body.reasoning_effort);
  const choices = Array.from({ length: n }, (_, i) => planChoice(plan, i, budget, reasoning));

  const prompt = promptTokens(turns, tools);
  const completion = choices.reduce((s, c) => s + c.completionTokens, 0);
  const usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: {
      cached_tokens: cachedTokensFor(prompt, req.headers['x-mock-cached-tokens']),
      audio_tokens: 0,
    },
    completion_tokens_details: {
      reasoning_tokens: choices.reduce((s, c) => s + c.reasoningTokens, 0),
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  const head = {
    id: alnumId('chatcmpl-', 29),
    created: Math.floor(Date.now() / 1000),
    model: snapshotOf(model),
    service_tier: serviceTierOf(body.service_tier),
    system_fingerprint: fingerprintOf(model),
  };

  if (body.stream === true) {
    return {
      kind: 'sse',
      events: streamEvents(head, choices, usage, body.stream_options?.include_usage === true),
    };
  }
  return {
    kind: 'json',
    status: 200,
    body: {
      id: head.id,
      object: 'chat.completion',
      created: head.created,
      model: head.model,
      choices: choices.map((c) => ({
        index: c.index,
        message: {
          role: 'assistant',
          content: c.content,
          refusal: null,
          annotations: [],
          ...(c.calls.length > 0 ? { tool_calls: c.calls.map(toolCallObject) } : {}),
        },
        logprobs: null,
        finish_reason: c.finishReason,
      })),
      usage,
      service_tier: head.service_tier,
      system_fingerprint: head.system_fingerprint,
    },
  };
}

function planChoice(
  plan: ReplyPlan,
  index: number,
  budget: number | undefined,
  reasoning: number,
): PlannedChoice {
  if (plan.kind === 'tool_calls') {
    const calls = plan.calls.map((c) => ({ ...c, id: alnumId('call_', 24) }));
    return {
      index,
      content: null,
      calls,
      finishReason: 'tool_calls',
      reasoningTokens: reasoning,
      completionTokens: reasoning + toolCallTokens(calls),
    };
  }
  // Reasoning models spend the budget on reasoning first, as the real ones do.
  const spent = budget === undefined ? reasoning : Math.min(reasoning, budget);
  const room = budget === undefined ? Number.POSITIVE_INFINITY : budget - spent;
  const full = textForChoice(plan.text, index);
  const fullTokens = countTokens(full);
  const cut = fullTokens > room;
  const content = cut ? truncateTokens(full, room) : full;
  return {
    index,
    content,
    calls: [],
    finishReason: cut ? 'length' : 'stop',
    reasoningTokens: spent,
    completionTokens: spent + (cut ? countTokens(content) : fullTokens),
  };
}

function toolCallObject(c: ToolCallSpec & { id: string }) {
  return { id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } };
}

interface ChunkHead {
  id: string;
  created: number;
  model: string;
  service_tier: string;
  system_fingerprint: string;
}

/**
 * OpenAI's chunk sequence per choice: a role chunk, content deltas (or tool-call deltas: id and name
 * first, then argument fragments), a finish chunk; then a usage-only chunk when asked; then [DONE].
 */
function streamEvents(
  head: ChunkHead,
  choices: PlannedChoice[],
  usage: unknown,
  includeUsage: boolean,
): SseEvent[] {
  const events: SseEvent[] = [];
  const chunk = (choice: unknown[], extra?: { usage: unknown }) =>
    jsonEvent({
      id: head.id,
      object: 'chat.completion.chunk',
      created: head.created,
      model: head.model,
      service_tier: head.service_tier,
      system_fingerprint: head.system_fingerprint,
      choices: choice,
      ...(includeUsage ? { usage: extra?.usage ?? null } : {}),
    });
  const delta = (index: number, d: unknown, finish: string | null = null) => ({
    index,
    delta: d,
    logprobs: null,
    finish_reason: finish,
  });

  for (const c of choices) {
    if (c.calls.length === 0) {
      events.push(chunk([delta(c.index, { role: 'assistant', content: '', refusal: null })]));
      for (const piece of splitTokens(c.content ?? '')) {
        events.push(chunk([delta(c.index, { content: piece })]));
      }
    } else {
      c.calls.forEach((call, i) => {
        const opening = {
          index: i,
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: '' },
        };
        events.push(
          chunk([
            delta(
              c.index,
              i === 0
                ? { role: 'assistant', content: null, tool_calls: [opening], refusal: null }
                : { tool_calls: [opening] },
            ),
          ]),
        );
        for (const piece of splitTokens(call.arguments)) {
          events.push(
            chunk([delta(c.index, { tool_calls: [{ index: i, function: { arguments: piece } }] })]),
          );
        }
      });
    }
    events.push(chunk([delta(c.index, {}, c.finishReason)]));
  }
  if (includeUsage) events.push(chunk([], { usage }));
  events.push({ data: '[DONE]' });
  return events;
}

function toTurn(m: ChatMessage): Turn {
  const { text, images } = contentOf(m.content);
  return {
    role: typeof m.role === 'string' ? m.role : 'user',
    text,
    images,
    toolCalls: (m.tool_calls ?? []).map((c) => ({
      name: c.function?.name ?? '',
      arguments: c.function?.arguments ?? '',
    })),
  };
}
