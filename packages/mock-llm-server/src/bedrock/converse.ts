import { alnumId } from '../ids.js';
import { planReply, type ToolCallSpec } from '../openai/reply.js';
import { countTokens, splitTokens, truncateTokens } from '../tokens.js';
import type { FailNextOptions, HandlerResult } from '../types.js';
import { bedrockError, streamExceptionFrame } from './errors.js';
import { eventFrame, padding } from './event-stream.js';
import { assessGuardrail, GUARDRAIL_BLOCKED_MESSAGE, type GuardrailConfig } from './guardrail.js';
import {
  type ContentBlock,
  cacheSplit,
  converseTools,
  converseTurns,
  countConversePrompt,
  latencyMs,
  type Message,
  type ToolConfig,
} from './messages.js';
import type { ResolvedModel } from './model-id.js';

export interface ConverseRequest {
  messages?: Message[];
  system?: ContentBlock[];
  inferenceConfig?: { maxTokens?: number };
  toolConfig?: ToolConfig;
  guardrailConfig?: GuardrailConfig;
  additionalModelRequestFields?: {
    thinking?: { type?: string };
    reasoningConfig?: { type?: string };
  };
}

/** The reasoning text a model asked to think returns before its answer. */
export const REASONING_TEXT = 'The user wants a reply to the last message.';

export interface ConverseOptions {
  stream: boolean;
  streamErrorAfterChunks?: number;
  overrides: FailNextOptions;
}

interface Reply {
  blocks: ContentBlock[];
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens' | 'guardrail_intervened';
  outputTokens: number;
  calls: (ToolCallSpec & { id: string })[];
  reasoning?: string;
  text?: string;
}

/** The reply rule shared with InvokeModel's Nova family (same content blocks). */
export function converseReply(req: ConverseRequest, messages: Message[]): Reply {
  const { tools, choice } = converseTools(req.toolConfig);
  const plan = planReply(converseTurns(messages), tools, choice, true);
  const extra = req.additionalModelRequestFields;
  const reasoning =
    extra?.thinking?.type === 'enabled' || extra?.reasoningConfig?.type === 'enabled'
      ? REASONING_TEXT
      : undefined;
  const blocks: ContentBlock[] = reasoning
    ? [{ reasoningContent: { reasoningText: { text: reasoning } } }]
    : [];
  let outputTokens = reasoning ? countTokens(reasoning) : 0;
  if (plan.kind === 'tool_calls') {
    const calls = plan.calls.map((c) => ({ ...c, id: alnumId('tooluse_', 22) }));
    for (const c of calls) {
      blocks.push({ toolUse: { toolUseId: c.id, name: c.name, input: JSON.parse(c.arguments) } });
      outputTokens += countTokens(c.name) + countTokens(c.arguments);
    }
    return {
      blocks,
      stopReason: 'tool_use',
      outputTokens,
      calls,
      ...(reasoning ? { reasoning } : {}),
    };
  }
  const max = req.inferenceConfig?.maxTokens;
  const room = max === undefined ? undefined : Math.max(0, max - outputTokens);
  const text = room === undefined ? plan.text : truncateTokens(plan.text, room);
  outputTokens += countTokens(text);
  blocks.push({ text });
  return {
    blocks,
    stopReason: text === plan.text ? 'end_turn' : 'max_tokens',
    outputTokens,
    calls: [],
    text,
    ...(reasoning ? { reasoning } : {}),
  };
}

/** `POST /model/{modelId}/converse` and `/converse-stream`. */
export function converse(
  req: ConverseRequest,
  model: ResolvedModel,
  o: ConverseOptions,
): HandlerResult {
  if (model.family === 'titan-embed' || model.family === 'cohere-embed') {
    return bedrockError(
      'ValidationException',
      "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
    );
  }
  const messages = req.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return bedrockError(
      'ValidationException',
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
  }
  const prompt = countConversePrompt(req.system, messages, req.toolConfig);
  let split = cacheSplit(prompt);
  let reply = converseReply(req, messages);
  const guardrail = assessGuardrail(
    req.guardrailConfig,
    JSON.stringify(messages).length,
    (reply.text ?? '').length,
  );
  if (guardrail?.blocked) {
    // The input never reaches the model: no model tokens, the guardrail's canned answer.
    split = { input: 0, read: 0, write: 0 };
    reply = {
      blocks: [{ text: GUARDRAIL_BLOCKED_MESSAGE }],
      stopReason: 'guardrail_intervened',
      outputTokens: 0,
      calls: [],
      text: GUARDRAIL_BLOCKED_MESSAGE,
    };
  }
  const trace = guardrail?.trace ? { trace: { guardrail: guardrail.trace } } : {};
  const usage: Record<string, unknown> = {
    inputTokens: split.input,
    outputTokens: reply.outputTokens,
    totalTokens: split.input + split.read + split.write + reply.outputTokens,
  };
  if (prompt.cacheable > 0 && !guardrail?.blocked) {
    usage.cacheReadInputTokens = split.read;
    usage.cacheWriteInputTokens = split.write;
    if (split.write > 0) usage.cacheDetails = [{ ttl: prompt.ttl, inputTokens: split.write }];
  }
  const metrics = { latencyMs: latencyMs(reply.outputTokens) };
  if (!o.stream) {
    return {
      kind: 'json',
      status: 200,
      body: {
        output: { message: { role: 'assistant', content: reply.blocks } },
        stopReason: reply.stopReason,
        usage,
        metrics,
        ...trace,
      },
    };
  }
  const events = converseStreamEvents(reply, { usage, metrics, ...trace });
  let frames = events.map(([type, payload], i) => eventFrame(type, { ...payload, p: padding(i) }));
  if (o.streamErrorAfterChunks !== undefined) {
    frames = [
      ...frames.slice(0, o.streamErrorAfterChunks),
      streamExceptionFrame('ModelStreamErrorException', o.overrides),
    ];
  }
  return { kind: 'stream', contentType: 'application/vnd.amazon.eventstream', chunks: frames };
}

/**
 * messageStart → per block (contentBlockStart for tool uses) contentBlockDelta × pieces →
 * contentBlockStop → messageStop → metadata with usage and latency. Text and reasoning come one
 * token per delta, tool input one JSON token per delta.
 */
function converseStreamEvents(
  reply: Reply,
  metadata: Record<string, unknown>,
): [string, Record<string, unknown>][] {
  const events: [string, Record<string, unknown>][] = [['messageStart', { role: 'assistant' }]];
  let index = 0;
  if (reply.reasoning) {
    for (const piece of splitTokens(reply.reasoning)) {
      events.push([
        'contentBlockDelta',
        { contentBlockIndex: index, delta: { reasoningContent: { text: piece } } },
      ]);
    }
    events.push([
      'contentBlockDelta',
      { contentBlockIndex: index, delta: { reasoningContent: { signature: 'mock-signature' } } },
    ]);
    events.push(['contentBlockStop', { contentBlockIndex: index }]);
    index++;
  }
  for (const c of reply.calls) {
    events.push([
      'contentBlockStart',
      { contentBlockIndex: index, start: { toolUse: { toolUseId: c.id, name: c.name } } },
    ]);
    for (const piece of splitTokens(c.arguments)) {
      events.push([
        'contentBlockDelta',
        { contentBlockIndex: index, delta: { toolUse: { input: piece } } },
      ]);
    }
    events.push(['contentBlockStop', { contentBlockIndex: index }]);
    index++;
  }
  if (reply.text !== undefined) {
    for (const piece of splitTokens(reply.text)) {
      events.push(['contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } }]);
    }
    events.push(['contentBlockStop', { contentBlockIndex: index }]);
  }
  events.push(['messageStop', { stopReason: reply.stopReason }]);
  events.push(['metadata', metadata]);
  return events;
}
