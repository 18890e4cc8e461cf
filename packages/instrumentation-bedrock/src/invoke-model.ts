import {
  type ApiHandler,
  type Dict,
  putContent,
  type Settings,
  type StreamAccumulator,
  setContent,
  setNumber,
  setString,
  writeAttribute,
} from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import type { Span } from '@opentelemetry/api';
import { chunkJson, parseBody } from './body.js';
import { modelIdOf, setRequestId } from './converse.js';
import { finishReason, isDict } from './converse-messages.js';
import type { Family, Outcome } from './families.js';
import { headersOf } from './headers.js';
import { promptMessages, promptSystem } from './prompt-messages.js';
import { recordAdditiveUsage } from './usage.js';

/** What the router hands an InvokeModel handler: the app's input, its body read once. */
export interface InvokeParams extends Dict {
  modelId: unknown;
  /** The request body as JSON (`undefined` when it is not JSON). */
  request: unknown;
  family: Family;
}

const HEADER = 'x-amzn-bedrock-';
const METRICS = 'amazon-bedrock-invocationMetrics';

function headerCount(
  headers: Record<string, string | undefined> | undefined,
  name: string,
): number | undefined {
  const value = headers?.[`${HEADER}${name}`];
  return value === undefined ? undefined : Number(value);
}

/** The conventions' finish reason of the families' stop reasons. */
function conventionReason(stop: unknown): string {
  switch (stop) {
    case 'stop':
    case 'FINISH':
      return 'stop';
    case 'length':
    case 'LENGTH':
      return 'length';
    default:
      return finishReason(stop);
  }
}

/**
 * The usage of a response: the body's when the family reports it, else the
 * `x-amzn-bedrock-*-token-count` headers (plain responses) or the stream's last
 * `amazon-bedrock-invocationMetrics` — counts that, like the bodies', exclude the cache.
 */
function recordOutcome(
  span: Span,
  out: Outcome,
  headers: Record<string, string | undefined> | undefined,
  metrics: Dict | undefined,
  settings: Settings,
): void {
  setString(span, ATTR_GEN_AI_RESPONSE_ID, out.id);
  // No `gen_ai.response.model`: Anthropic's answer names the bare model (`claude-…`), and the
  // regional profile the app asked for (priced apart) must stay what genai_cost reads.
  if (typeof out.stopReason === 'string')
    writeAttribute(span, ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [out.stopReason]);
  recordAdditiveUsage(
    span,
    out.input ?? headerCount(headers, 'input-token-count') ?? metrics?.inputTokenCount,
    out.output ?? headerCount(headers, 'output-token-count') ?? metrics?.outputTokenCount,
    out.cacheRead ??
      headerCount(headers, 'cache-read-input-token-count') ??
      metrics?.cacheReadInputTokenCount,
    out.cacheWrite ??
      headerCount(headers, 'cache-write-input-token-count') ??
      metrics?.cacheWriteInputTokenCount,
    typeof out.cacheWrite1h === 'number' ? out.cacheWrite1h : undefined,
  );
  setNumber(span, ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, out.dimensions);
  if (settings.captureContent && out.text !== '')
    setContent(
      span,
      ATTR_GEN_AI_OUTPUT_MESSAGES,
      [
        {
          role: 'assistant',
          parts: [{ type: 'text', content: out.text }],
          finish_reason: conventionReason(out.stopReason),
        },
      ],
      settings.maxContentLength,
    );
}

class InvokeStreamAccumulator implements StreamAccumulator {
  complete = false;
  private readonly out: Outcome = { text: '' };
  private metrics: Dict | undefined;

  constructor(
    private readonly family: Family,
    private readonly settings: Settings,
  ) {}

  onChunk(event: unknown): boolean {
    const json = chunkJson(event);
    if (!isDict(json)) return false;
    this.family.event(json, this.out, this.settings.captureContent);
    const metrics = json[METRICS];
    // Bedrock adds its metrics to the stream's last chunk: the call is complete there.
    if (isDict(metrics)) {
      this.metrics = metrics;
      this.complete = true;
    }
    return false;
  }

  finish(span: Span): void {
    recordOutcome(span, this.out, undefined, this.metrics, this.settings);
  }
}

/**
 * The InvokeModel handler of one family, plain or streamed: the family is known when the call is
 * routed (from the model id or the body), so each family has its own handlers and no call state
 * is kept outside the engine's.
 */
function invokeModel(family: Family, streams: boolean): ApiHandler {
  return {
    operation: family.operation,
    streams,
    requestModel: modelIdOf,
    requestAttributes(params, attrs) {
      const request = (params as InvokeParams).request;
      if (isDict(request)) family.request(request, attrs);
    },
    requestContent(params, attrs, max) {
      const request = (params as InvokeParams).request;
      if (!isDict(request) || family.operation !== GEN_AI_OPERATION.CHAT) return;
      const system = promptSystem(request);
      if (system !== undefined) putContent(attrs, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, system, max);
      putContent(attrs, ATTR_GEN_AI_INPUT_MESSAGES, promptMessages(request), max);
    },
    onResult(span, result, settings) {
      if (!isDict(result)) return;
      setRequestId(span, result);
      const out: Outcome = { text: '' };
      const body = parseBody(result.body);
      if (isDict(body)) family.response(body, out, settings.captureContent);
      recordOutcome(span, out, headersOf(result), undefined, settings);
    },
    newAccumulator(settings) {
      return new InvokeStreamAccumulator(family, settings);
    },
    streamOf: (result) => (isDict(result) ? result.body : undefined),
  };
}

const handlers = new Map<Family, [ApiHandler, ApiHandler]>();

/** The handler of an InvokeModel call of `family`, `streams` for InvokeModelWithResponseStream. */
export function invokeModelHandler(family: Family, streams: boolean): ApiHandler {
  let pair = handlers.get(family);
  if (pair === undefined) {
    pair = [invokeModel(family, false), invokeModel(family, true)];
    handlers.set(family, pair);
  }
  return pair[streams ? 1 : 0];
}
