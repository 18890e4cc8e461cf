import { alnumId } from '../ids.js';
import { planReply, type ToolCallSpec, textForChoice } from '../openai/reply.js';
import { jsonEvent, type SseEvent } from '../sse.js';
import { countTokens, splitTokens, truncateTokens } from '../tokens.js';
import type { FailNextOptions, HandlerResult } from '../types.js';
import { googleError, streamErrorBody } from './errors.js';
import {
  CACHED_CONTENT_TOKENS,
  modelVersionOf,
  THOUGHT_SUMMARY,
  TOOL_USE_PROMPT_TOKENS,
  thoughtsFor,
} from './models.js';
import {
  builtInToolCount,
  countPrompt,
  type GeminiPart,
  type GenerateContentRequest,
  toolChoiceOf,
  toolSpecsOf,
  turnsOf,
} from './request.js';

export interface GenerateOptions {
  model: string;
  vertex: boolean;
  stream: boolean;
  /** `alt=sse`: server-sent events; otherwise a stream answers one JSON array. */
  sse: boolean;
  cachedTokensHeader: string | string[] | undefined;
  streamErrorAfterChunks?: number;
  overrides: FailNextOptions;
}

interface Candidate {
  parts: GeminiPart[];
  /** Text pieces, one per token, for streaming. */
  pieces: string[];
  finishReason: 'STOP' | 'MAX_TOKENS';
}

/** `models/{model}:generateContent` and `:streamGenerateContent` on the Gemini API and Vertex AI. */
export function generateContent(req: GenerateContentRequest, o: GenerateOptions): HandlerResult {
  const contents = req.contents;
  if (!Array.isArray(contents) || contents.length === 0) {
    return googleError(400, '* GenerateContentRequest.contents: contents is not specified\n');
  }
  const gen = req.generationConfig ?? {};
  const thoughts = thoughtsFor(o.model, gen.thinkingConfig);
  if (typeof thoughts === 'string') return googleError(400, thoughts);

  const prompt = countPrompt(req);
  const cachedContent = typeof req.cachedContent === 'string' ? CACHED_CONTENT_TOKENS : 0;
  const promptTokens = prompt.text + prompt.media + cachedContent;
  const forced =
    typeof o.cachedTokensHeader === 'string' ? Number(o.cachedTokensHeader) : Number.NaN;
  const cached = Number.isFinite(forced)
    ? Math.max(0, Math.min(promptTokens, forced))
    : cachedContent;
  const toolUse = builtInToolCount(req) * TOOL_USE_PROMPT_TOKENS;

  const specs = toolSpecsOf(req);
  const { choice, tools } = toolChoiceOf(req, specs);
  const plan = planReply(turnsOf(contents), tools, choice, true);
  const max = typeof gen.maxOutputTokens === 'number' ? gen.maxOutputTokens : undefined;
  const n = Math.max(1, Math.floor(gen.candidateCount ?? 1));
  const thoughtPart: GeminiPart[] =
    gen.thinkingConfig?.includeThoughts && thoughts > 0
      ? [{ text: THOUGHT_SUMMARY, thought: true }]
      : [];

  let candidatesTokens = 0;
  const candidates: Candidate[] = [];
  for (let i = 0; i < n; i++) {
    if (plan.kind === 'tool_calls') {
      candidatesTokens += callTokens(plan.calls);
      candidates.push({
        parts: [
          ...thoughtPart,
          ...plan.calls.map((c) => ({
            functionCall: { name: c.name, args: JSON.parse(c.arguments) },
          })),
        ],
        pieces: [],
        finishReason: 'STOP',
      });
      continue;
    }
    const full = textForChoice(plan.text, i);
    // Thoughts are spent first and count against maxOutputTokens, as on Gemini 2.5.
    const room = max === undefined ? undefined : Math.max(0, max - thoughts);
    const text = room === undefined ? full : truncateTokens(full, room);
    const cut = room !== undefined && countTokens(full) > room;
    candidatesTokens += countTokens(text);
    candidates.push({
      parts: [...thoughtPart, ...(text.length > 0 ? [{ text }] : [])],
      pieces: splitTokens(text),
      finishReason: cut ? 'MAX_TOKENS' : 'STOP',
    });
  }

  const usage = usageMetadata(o.vertex, {
    prompt: promptTokens,
    promptText: prompt.text + cachedContent,
    promptMedia: prompt.media,
    candidates: candidatesTokens,
    cached,
    thoughts,
    toolUse,
  });
  const envelope = {
    modelVersion: modelVersionOf(o.model, o.vertex),
    responseId: alnumId('', 22),
    ...(o.vertex ? { createTime: new Date().toISOString() } : {}),
  };
  if (!o.stream) {
    return {
      kind: 'json',
      status: 200,
      body: {
        candidates: candidates.map((c, index) => ({
          content: contentOf(c.parts),
          finishReason: c.finishReason,
          index,
        })),
        usageMetadata: usage,
        ...envelope,
      },
    };
  }
  const chunks = streamChunks(candidates, thoughtPart.length > 0, usage, envelope);
  let events: unknown[] = chunks;
  if (o.streamErrorAfterChunks !== undefined) {
    events = [...chunks.slice(0, o.streamErrorAfterChunks), streamErrorBody(o.model, o.overrides)];
  }
  if (!o.sse) return { kind: 'json', status: 200, body: events };
  return { kind: 'sse', events: events.map((e): SseEvent => jsonEvent(e)) };
}

function callTokens(calls: ToolCallSpec[]): number {
  let t = 0;
  for (const c of calls) t += countTokens(c.name) + countTokens(c.arguments);
  return t;
}

function contentOf(parts: GeminiPart[]) {
  return parts.length > 0 ? { parts, role: 'model' } : { role: 'model' };
}

interface UsageCounts {
  prompt: number;
  promptText: number;
  promptMedia: number;
  candidates: number;
  cached: number;
  thoughts: number;
  toolUse: number;
}

/**
 * `usageMetadata` as proto3 JSON writes it: zero counts are left out. `promptTokenCount`
 * includes the cached tokens; `totalTokenCount` = prompt + candidates + thoughts + tool-use prompt.
 */
function usageMetadata(vertex: boolean, u: UsageCounts): Record<string, unknown> {
  const out: Record<string, unknown> = { promptTokenCount: u.prompt };
  if (u.candidates > 0) out.candidatesTokenCount = u.candidates;
  out.totalTokenCount = u.prompt + u.candidates + u.thoughts + u.toolUse;
  if (u.cached > 0) out.cachedContentTokenCount = u.cached;
  if (u.toolUse > 0) out.toolUsePromptTokenCount = u.toolUse;
  if (u.thoughts > 0) out.thoughtsTokenCount = u.thoughts;
  const details = [{ modality: 'TEXT', tokenCount: u.promptText }];
  if (u.promptMedia > 0) details.push({ modality: 'IMAGE', tokenCount: u.promptMedia });
  out.promptTokensDetails = details;
  if (u.cached > 0) out.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: u.cached }];
  if (u.toolUse > 0) out.toolUsePromptTokensDetails = [{ modality: 'TEXT', tokenCount: u.toolUse }];
  if (vertex) {
    if (u.candidates > 0)
      out.candidatesTokensDetails = [{ modality: 'TEXT', tokenCount: u.candidates }];
    out.trafficType = 'ON_DEMAND';
  }
  return out;
}

/**
 * Streamed: a thought-summary chunk first (with `includeThoughts`), then one chunk per text token
 * (a function call comes whole in one chunk); every chunk carries the prompt-side usage, and only
 * the last one `candidatesTokenCount` and `finishReason`, so usage must be read from the last chunk,
 * never summed.
 */
function streamChunks(
  candidates: Candidate[],
  withThought: boolean,
  usage: Record<string, unknown>,
  envelope: Record<string, unknown>,
): unknown[] {
  const { candidatesTokenCount, candidatesTokensDetails, ...partial } = usage;
  partial.totalTokenCount =
    (usage.totalTokenCount as number) - ((candidatesTokenCount as number | undefined) ?? 0);
  const steps: GeminiPart[][][] = [];
  if (withThought) steps.push(candidates.map((c) => c.parts.slice(0, 1)));
  const body = candidates.map((c) => (withThought ? c.parts.slice(1) : c.parts));
  const isText = candidates[0]!.pieces.length > 0 || body.every((p) => p.length === 0);
  if (isText) {
    const len = Math.max(1, ...candidates.map((c) => c.pieces.length));
    for (let i = 0; i < len; i++) {
      steps.push(
        candidates.map((c) => (c.pieces[i] !== undefined ? [{ text: c.pieces[i]! }] : [])),
      );
    }
  } else {
    steps.push(body);
  }
  return steps.map((parts, i) => {
    const last = i === steps.length - 1;
    return {
      candidates: candidates.flatMap((c, index) =>
        parts[index]!.length > 0 || last
          ? [
              {
                content: contentOf(parts[index]!),
                ...(last ? { finishReason: c.finishReason } : {}),
                index,
              },
            ]
          : [],
      ),
      usageMetadata: last ? usage : partial,
      ...envelope,
    };
  });
}
