import {
  type ApiHandler,
  type Dict,
  putContent,
  putNumber,
  type Settings,
  type StreamAccumulator,
  setContent,
  setString,
  writeAttribute,
} from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  GEN_AI_OPERATION,
  type OutputMessage,
} from '@genai-otel/semantic-conventions';
import type { Attributes, Span } from '@opentelemetry/api';
import { inputMessages, outputMessage, systemInstructions, toolDefinitions } from './messages.js';
import { recordUsage } from './usage.js';

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object';
}

const NO_CONFIG: Dict = Object.freeze({});

/** The request's `config`, or one shared empty record (no object per call). */
function configOf(params: Dict): Dict {
  return isDict(params.config) ? params.config : NO_CONFIG;
}

function requestAttributes(params: Dict, attrs: Attributes): void {
  const config = configOf(params);
  putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, config.maxOutputTokens);
  putNumber(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, config.temperature);
  putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_P, config.topP);
  putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_K, config.topK);
  putNumber(attrs, ATTR_GEN_AI_REQUEST_SEED, config.seed);
  putNumber(attrs, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, config.presencePenalty);
  putNumber(attrs, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, config.frequencyPenalty);
  // The conventions record the choice count only when it is not 1.
  if (typeof config.candidateCount === 'number' && config.candidateCount !== 1)
    attrs[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = config.candidateCount;
  const stop = config.stopSequences;
  if (Array.isArray(stop) && stop.length > 0 && stop.every((s) => typeof s === 'string'))
    attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop as string[];
}

function requestContent(params: Dict, attrs: Attributes, max: number): void {
  const config = configOf(params);
  const system = systemInstructions(config.systemInstruction);
  if (system !== undefined) putContent(attrs, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, system, max);
  putContent(attrs, ATTR_GEN_AI_INPUT_MESSAGES, inputMessages(params.contents), max);
  const tools = toolDefinitions(config.tools);
  if (tools) putContent(attrs, ATTR_GEN_AI_TOOL_DEFINITIONS, tools, max);
}

/** Each candidate's `finishReason`, as the API names it (`STOP`, `MAX_TOKENS`…). */
function finishReasons(candidates: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const c of candidates)
    if (isDict(c) && typeof c.finishReason === 'string') out.push(c.finishReason);
  return out;
}

/** What a response and a finished stream share: id, model version, finish reasons, usage. */
function recordResponse(
  span: Span,
  id: unknown,
  model: unknown,
  reasons: string[],
  usage: unknown,
): void {
  setString(span, ATTR_GEN_AI_RESPONSE_ID, id);
  setString(span, ATTR_GEN_AI_RESPONSE_MODEL, model);
  if (reasons.length > 0) writeAttribute(span, ATTR_GEN_AI_RESPONSE_FINISH_REASONS, reasons);
  recordUsage(span, usage);
}

/** One candidate of a stream, gathered over its chunks (content capture on only). */
interface StreamedCandidate {
  parts: Dict[];
  finishReason: unknown;
}

/**
 * The chunks of `generateContentStream`: each one a whole `GenerateContentResponse`. The usage
 * is a running total (some models fill `candidatesTokenCount` only at the end): the last one is
 * kept, never summed. Text parts of a candidate are joined when capture is on.
 */
class GenerateContentStreamAccumulator implements StreamAccumulator {
  private id: unknown;
  private model: unknown;
  private usage: unknown;
  private readonly reasons: (string | undefined)[] = [];
  private readonly candidates: StreamedCandidate[] | undefined;

  constructor(private readonly settings: Settings) {
    this.candidates = settings.captureContent ? [] : undefined;
  }

  onChunk(chunk: unknown): boolean {
    if (!isDict(chunk)) return false;
    if (chunk.responseId !== undefined) this.id = chunk.responseId;
    if (chunk.modelVersion !== undefined) this.model = chunk.modelVersion;
    if (chunk.usageMetadata !== undefined) this.usage = chunk.usageMetadata;
    const candidates = chunk.candidates;
    if (!Array.isArray(candidates)) return false;
    for (let i = 0; i < candidates.length; i++) {
      const c: unknown = candidates[i];
      if (!isDict(c)) continue;
      const index = typeof c.index === 'number' ? c.index : i;
      if (typeof c.finishReason === 'string') this.reasons[index] = c.finishReason;
      if (this.candidates !== undefined) this.addParts(index, c);
    }
    return false;
  }

  private addParts(index: number, candidate: Dict): void {
    let streamed = this.candidates![index];
    if (streamed === undefined) {
      streamed = { parts: [], finishReason: undefined };
      this.candidates![index] = streamed;
    }
    if (candidate.finishReason !== undefined) streamed.finishReason = candidate.finishReason;
    const parts = isDict(candidate.content) ? candidate.content.parts : undefined;
    if (!Array.isArray(parts)) return;
    for (const part of parts) {
      if (!isDict(part)) continue;
      const last = streamed.parts.at(-1);
      // Text arrives a token at a time: one part per run of text (thought or not).
      if (
        typeof part.text === 'string' &&
        typeof last?.text === 'string' &&
        last.thought === part.thought
      )
        last.text += part.text;
      else streamed.parts.push({ ...part });
    }
  }

  finish(span: Span): void {
    const reasons: string[] = [];
    for (const r of this.reasons) if (r !== undefined) reasons.push(r);
    recordResponse(span, this.id, this.model, reasons, this.usage);
    if (this.candidates === undefined) return;
    const messages: OutputMessage[] = [];
    for (const c of this.candidates)
      if (c !== undefined) messages.push(outputMessage({ parts: c.parts }, c.finishReason));
    setContent(span, ATTR_GEN_AI_OUTPUT_MESSAGES, messages, this.settings.maxContentLength);
  }
}

function onResult(span: Span, result: unknown, settings: Settings): void {
  if (!isDict(result)) return;
  const candidates = Array.isArray(result.candidates) ? result.candidates : [];
  recordResponse(
    span,
    result.responseId,
    result.modelVersion,
    finishReasons(candidates),
    result.usageMetadata,
  );
  if (!settings.captureContent) return;
  const messages: OutputMessage[] = [];
  for (const c of candidates)
    if (isDict(c)) messages.push(outputMessage(c.content, c.finishReason));
  setContent(span, ATTR_GEN_AI_OUTPUT_MESSAGES, messages, settings.maxContentLength);
}

function newAccumulator(settings: Settings): StreamAccumulator {
  return new GenerateContentStreamAccumulator(settings);
}

/** `config.abortSignal`: the stream is a plain async generator, with no controller to watch. */
function abortSignal(params: Dict): AbortSignal | undefined {
  const signal = configOf(params).abortSignal;
  return signal instanceof AbortSignal ? signal : undefined;
}

/** `Models.generateContentInternal`: behind `models.generateContent` and `chat.sendMessage`. */
export const generateContent: ApiHandler = {
  operation: GEN_AI_OPERATION.GENERATE_CONTENT,
  requestAttributes,
  requestContent,
  onResult,
  newAccumulator,
};

/**
 * `Models.generateContentStreamInternal`: behind `models.generateContentStream` and
 * `chat.sendMessageStream`. It resolves to an async generator, followed to its end.
 */
export const generateContentStream: ApiHandler = { ...generateContent, streams: true, abortSignal };
