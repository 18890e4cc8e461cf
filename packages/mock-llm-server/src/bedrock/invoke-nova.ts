import { splitTokens } from '../tokens.js';
import type { HandlerResult } from '../types.js';
import { type ConverseRequest, converseReply } from './converse.js';
import type { InvokeOutcome } from './invoke.js';
import { missingKey } from './invoke.js';
import { cacheSplit, countConversePrompt, type Message } from './messages.js';

/**
 * Amazon Nova's native body (`schemaVersion: messages-v1`): Converse's content blocks, usage with
 * `cacheReadInputTokenCount` / `cacheWriteInputTokenCount`; streamed as Converse-like events.
 */
export function novaInvoke(body: Record<string, unknown>): InvokeOutcome | HandlerResult {
  const messages = body.messages as Message[] | undefined;
  if (!Array.isArray(messages) || messages.length === 0) return missingKey('messages');
  const inference = (body.inferenceConfig ?? {}) as { maxTokens?: number; max_new_tokens?: number };
  const max = inference.maxTokens ?? inference.max_new_tokens;
  const req: ConverseRequest = {
    messages,
    ...(Array.isArray(body.system) ? { system: body.system } : {}),
    ...(body.toolConfig ? { toolConfig: body.toolConfig as ConverseRequest['toolConfig'] } : {}),
    ...(max !== undefined ? { inferenceConfig: { maxTokens: max } } : {}),
  };
  const prompt = countConversePrompt(req.system, messages, req.toolConfig);
  const split = cacheSplit(prompt);
  const reply = converseReply(req, messages);
  const usage = {
    inputTokens: split.input,
    outputTokens: reply.outputTokens,
    totalTokens: split.input + split.read + split.write + reply.outputTokens,
    cacheReadInputTokenCount: split.read,
    cacheWriteInputTokenCount: split.write,
  };
  const events: Record<string, unknown>[] = [{ messageStart: { role: 'assistant' } }];
  let index = 0;
  for (const c of reply.calls) {
    events.push({
      contentBlockStart: {
        start: { toolUse: { toolUseId: c.id, name: c.name } },
        contentBlockIndex: index,
      },
    });
    events.push({
      contentBlockDelta: { delta: { toolUse: { input: c.arguments } }, contentBlockIndex: index },
    });
    events.push({ contentBlockStop: { contentBlockIndex: index } });
    index++;
  }
  if (reply.text !== undefined) {
    for (const piece of splitTokens(reply.text)) {
      events.push({ contentBlockDelta: { delta: { text: piece }, contentBlockIndex: index } });
    }
    events.push({ contentBlockStop: { contentBlockIndex: index } });
  }
  events.push({ messageStop: { stopReason: reply.stopReason } });
  events.push({ metadata: { usage, metrics: {}, trace: {} } });
  return {
    inputTokens: split.input,
    outputTokens: reply.outputTokens,
    cacheReadTokens: split.read,
    cacheWriteTokens: split.write,
    body: {
      output: { message: { role: 'assistant', content: reply.blocks } },
      stopReason: reply.stopReason,
      usage,
    },
    events,
  };
}
