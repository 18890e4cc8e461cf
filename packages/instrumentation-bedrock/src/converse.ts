import {
  type ApiHandler,
  type Dict,
  parseArguments,
  putContent,
  putNumber,
  type Settings,
  type StreamAccumulator,
  setContent,
  setString,
  writeAttribute,
} from '@genai-otel/instrumentation-core';
import {
  ATTR_AWS_BEDROCK_GUARDRAIL_ACTION,
  ATTR_AWS_BEDROCK_GUARDRAIL_ID,
  ATTR_AWS_REQUEST_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import type { Attributes, Span } from '@opentelemetry/api';
import {
  inputMessages,
  isDict,
  outputMessage,
  systemInstructions,
  toolDefinitions,
} from './converse-messages.js';
import { recordConverseUsage } from './usage.js';

const GUARDRAIL_INTERVENED = 'guardrail_intervened';

/** `modelId` as the app wrote it: bare id, regional profile or ARN (genai_cost reads them all). */
export function modelIdOf(params: Dict): unknown {
  return params.modelId;
}

/** The AWS SDK's `$metadata.requestId` of an output (or of an error). */
export function setRequestId(span: Span, output: unknown): void {
  const metadata = isDict(output) ? output.$metadata : undefined;
  if (isDict(metadata)) setString(span, ATTR_AWS_REQUEST_ID, metadata.requestId);
}

function requestAttributes(params: Dict, attrs: Attributes): void {
  const config = params.inferenceConfig;
  if (isDict(config)) {
    putNumber(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, config.maxTokens);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, config.temperature);
    putNumber(attrs, ATTR_GEN_AI_REQUEST_TOP_P, config.topP);
    if (Array.isArray(config.stopSequences) && config.stopSequences.length > 0)
      attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = config.stopSequences as string[];
  }
  const guardrail = params.guardrailConfig;
  if (isDict(guardrail) && typeof guardrail.guardrailIdentifier === 'string')
    attrs[ATTR_AWS_BEDROCK_GUARDRAIL_ID] = guardrail.guardrailIdentifier;
}

function requestContent(params: Dict, attrs: Attributes, max: number): void {
  const system = systemInstructions(params.system);
  if (system !== undefined) putContent(attrs, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, system, max);
  putContent(attrs, ATTR_GEN_AI_INPUT_MESSAGES, inputMessages(params.messages), max);
  const tools = toolDefinitions(params.toolConfig);
  if (tools) putContent(attrs, ATTR_GEN_AI_TOOL_DEFINITIONS, tools, max);
}

/** What a Converse result and a finished ConverseStream share. */
function recordOutcome(span: Span, stopReason: unknown, usage: unknown, trace: unknown): void {
  // The API's own stop reason (`end_turn`, `tool_use`…); output messages carry the conventions' value.
  if (typeof stopReason === 'string')
    writeAttribute(span, ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [stopReason]);
  recordConverseUsage(span, usage);
  if (stopReason === GUARDRAIL_INTERVENED)
    span.setAttribute(ATTR_AWS_BEDROCK_GUARDRAIL_ACTION, 'INTERVENED');
  else if (isDict(trace) && trace.guardrail !== undefined)
    span.setAttribute(ATTR_AWS_BEDROCK_GUARDRAIL_ACTION, 'NONE');
}

/** `ConverseCommand`: one `chat {modelId}` span. */
export const converse: ApiHandler = {
  operation: GEN_AI_OPERATION.CHAT,
  requestModel: modelIdOf,
  requestAttributes,
  requestContent,
  onResult(span, result, settings) {
    if (!isDict(result)) return;
    setRequestId(span, result);
    recordOutcome(span, result.stopReason, result.usage, result.trace);
    if (!settings.captureContent) return;
    const message = isDict(result.output) ? result.output.message : undefined;
    const content = isDict(message) ? message.content : undefined;
    setContent(
      span,
      ATTR_GEN_AI_OUTPUT_MESSAGES,
      [outputMessage(content, result.stopReason)],
      settings.maxContentLength,
    );
  },
  newAccumulator(settings) {
    return new ConverseStreamAccumulator(settings);
  },
};

/** One streamed content block, kept only with content capture on. */
interface StreamedBlock {
  toolUse?: { toolUseId?: unknown; name?: unknown };
  text: string;
  input: string;
  reasoning: string;
}

/**
 * The events of a ConverseStream: `contentBlockStart` (tool use), `contentBlockDelta` (text,
 * tool input, reasoning; kept only with capture on), `messageStop` (stop reason), `metadata`
 * (usage, guardrail trace) — the last event, so the call is complete there.
 */
class ConverseStreamAccumulator implements StreamAccumulator {
  complete = false;
  private stopReason: unknown;
  private usage: unknown;
  private trace: unknown;
  private readonly blocks: StreamedBlock[] | undefined;

  constructor(private readonly settings: Settings) {
    this.blocks = settings.captureContent ? [] : undefined;
  }

  onChunk(event: unknown): boolean {
    if (!isDict(event)) return false;
    if (isDict(event.metadata)) {
      this.usage = event.metadata.usage;
      this.trace = event.metadata.trace;
      this.complete = true;
    } else if (isDict(event.messageStop)) {
      this.stopReason = event.messageStop.stopReason;
    } else if (this.blocks !== undefined) {
      if (isDict(event.contentBlockDelta)) this.addDelta(event.contentBlockDelta);
      else if (isDict(event.contentBlockStart)) {
        const start = event.contentBlockStart;
        const block = this.block(start.contentBlockIndex);
        if (block && isDict(start.start) && isDict(start.start.toolUse))
          block.toolUse = start.start.toolUse;
      }
    }
    return false;
  }

  private block(index: unknown): StreamedBlock | undefined {
    if (typeof index !== 'number' || index < 0 || index > 1024) return undefined;
    const blocks = this.blocks!;
    blocks[index] ??= { text: '', input: '', reasoning: '' };
    return blocks[index];
  }

  private addDelta(event: Dict): void {
    const block = this.block(event.contentBlockIndex);
    const delta = event.delta;
    if (block === undefined || !isDict(delta)) return;
    if (typeof delta.text === 'string') block.text += delta.text;
    else if (isDict(delta.toolUse) && typeof delta.toolUse.input === 'string')
      block.input += delta.toolUse.input;
    else if (isDict(delta.reasoningContent) && typeof delta.reasoningContent.text === 'string')
      block.reasoning += delta.reasoningContent.text;
  }

  finish(span: Span): void {
    recordOutcome(span, this.stopReason, this.usage, this.trace);
    if (this.blocks === undefined) return;
    const content: Dict[] = [];
    for (const b of this.blocks) {
      if (b === undefined) continue;
      if (b.reasoning !== '')
        content.push({ reasoningContent: { reasoningText: { text: b.reasoning } } });
      if (b.toolUse !== undefined)
        content.push({ toolUse: { ...b.toolUse, input: parseArguments(b.input) } });
      else if (b.text !== '') content.push({ text: b.text });
    }
    setContent(
      span,
      ATTR_GEN_AI_OUTPUT_MESSAGES,
      [outputMessage(content, this.stopReason)],
      this.settings.maxContentLength,
    );
  }
}

/** `ConverseStreamCommand`: the span covers the whole event stream (`output.stream`). */
export const converseStream: ApiHandler = {
  ...converse,
  streams: true,
  streamOf: (result) => (isDict(result) ? result.stream : undefined),
};
