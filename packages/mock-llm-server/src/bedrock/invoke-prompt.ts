import { EMPTY_PROMPT_REPLY } from '../openai/reply.js';
import { countTokens, splitTokens, truncateTokens } from '../tokens.js';
import type { HandlerResult } from '../types.js';
import type { InvokeOutcome } from './invoke.js';
import { missingKey } from './invoke.js';

/**
 * The user's words inside a prompt template: the last Llama 3 user header block, else the last
 * `[INST] … [/INST]` (Llama 2 / Mistral, `<<SYS>>` removed), else the last Titan `User:` line,
 * else the whole prompt.
 */
export function userTextOf(prompt: string): string {
  const last = (re: RegExp) => [...prompt.matchAll(re)].at(-1)?.[1];
  const text =
    last(/<\|start_header_id\|>user<\|end_header_id\|>\s*([\s\S]*?)<\|eot_id\|>/g) ??
    last(/\[INST\]([\s\S]*?)\[\/INST\]/g)?.replace(/<<SYS>>[\s\S]*?<<\/SYS>>/, '') ??
    last(/User:\s*([\s\S]*?)(?:\n\s*Bot:|$)/g) ??
    prompt;
  return text.replace(/<\/?s>/g, '').trim();
}

interface Completion {
  text: string;
  pieces: string[];
  input: number;
  output: number;
  cut: boolean;
}

function complete(prompt: string, max: number | undefined): Completion {
  const user = userTextOf(prompt);
  const full = user.length > 0 ? `Echo: ${user}` : EMPTY_PROMPT_REPLY;
  const text = max === undefined ? full : truncateTokens(full, max);
  return {
    text,
    pieces: splitTokens(text),
    input: countTokens(prompt),
    output: countTokens(text),
    cut: text !== full,
  };
}

/** Titan Text: `{inputText, textGenerationConfig}` → `{inputTextTokenCount, results[]}`. */
export function titanTextInvoke(body: Record<string, unknown>): InvokeOutcome | HandlerResult {
  if (typeof body.inputText !== 'string') return missingKey('inputText');
  const config = (body.textGenerationConfig ?? {}) as { maxTokenCount?: number };
  const c = complete(body.inputText, config.maxTokenCount);
  const reason = c.cut ? 'LENGTH' : 'FINISH';
  let sent = 0;
  return {
    inputTokens: c.input,
    outputTokens: c.output,
    body: {
      inputTextTokenCount: c.input,
      results: [{ tokenCount: c.output, outputText: c.text, completionReason: reason }],
    },
    events: c.pieces.map((piece, i) => ({
      outputText: piece,
      index: 0,
      totalOutputTextTokenCount: ++sent,
      completionReason: i === c.pieces.length - 1 ? reason : null,
      inputTextTokenCount: i === 0 ? c.input : null,
    })),
  };
}

/** Meta Llama: `{prompt, max_gen_len}` → `{generation, prompt_token_count, generation_token_count, stop_reason}`. */
export function llamaInvoke(body: Record<string, unknown>): InvokeOutcome | HandlerResult {
  if (typeof body.prompt !== 'string') return missingKey('prompt');
  const c = complete(
    body.prompt,
    typeof body.max_gen_len === 'number' ? body.max_gen_len : undefined,
  );
  const reason = c.cut ? 'length' : 'stop';
  return {
    inputTokens: c.input,
    outputTokens: c.output,
    body: {
      generation: c.text,
      prompt_token_count: c.input,
      generation_token_count: c.output,
      stop_reason: reason,
    },
    events: c.pieces.map((piece, i) => ({
      generation: piece,
      prompt_token_count: i === 0 ? c.input : null,
      generation_token_count: i + 1,
      stop_reason: i === c.pieces.length - 1 ? reason : null,
    })),
  };
}

/**
 * Mistral: text completion `{prompt, max_tokens}` → `{outputs:[{text, stop_reason}]}`, or chat
 * `{messages}` (Mistral Large 2407+) → `{choices:[{index, message, stop_reason}]}`. No usage in
 * the body: only the token-count headers (or the stream's invocation metrics) carry it.
 */
export function mistralInvoke(body: Record<string, unknown>): InvokeOutcome | HandlerResult {
  const max = typeof body.max_tokens === 'number' ? body.max_tokens : undefined;
  if (Array.isArray(body.messages)) {
    const messages = body.messages as { role?: string; content?: string }[];
    const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const c = complete(last, max);
    c.input = messages.reduce((n, m) => n + countTokens(String(m.content ?? '')), 0);
    const reason = c.cut ? 'length' : 'stop';
    return {
      inputTokens: c.input,
      outputTokens: c.output,
      body: {
        choices: [
          { index: 0, message: { role: 'assistant', content: c.text }, stop_reason: reason },
        ],
      },
      events: c.pieces.map((piece, i) => ({
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: piece },
            stop_reason: i === c.pieces.length - 1 ? reason : null,
          },
        ],
      })),
    };
  }
  if (typeof body.prompt !== 'string') return missingKey('prompt');
  const c = complete(body.prompt, max);
  const reason = c.cut ? 'length' : 'stop';
  return {
    inputTokens: c.input,
    outputTokens: c.output,
    body: { outputs: [{ text: c.text, stop_reason: reason }] },
    events: c.pieces.map((piece, i) => ({
      outputs: [{ text: piece, stop_reason: i === c.pieces.length - 1 ? reason : null }],
    })),
  };
}
