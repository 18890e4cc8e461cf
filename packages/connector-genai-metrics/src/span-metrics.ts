import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ERROR_TYPE_OTHER,
  GEN_AI_OPERATION,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_OUTCOME,
  GENAI_OTEL_RETRIEVAL_OUTCOME,
} from '@genai-otel/semantic-conventions';
import { type Attributes, type AttributeValue, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { DimensionSet, Extra } from './dimensions.js';
import type { Instruments } from './instruments.js';
import type { ObservationBuffer } from './observation-buffer.js';
import type { Totals } from './totals.js';

const INFERENCE = new Set<string>([
  GEN_AI_OPERATION.CHAT,
  GEN_AI_OPERATION.TEXT_COMPLETION,
  GEN_AI_OPERATION.GENERATE_CONTENT,
  GEN_AI_OPERATION.EMBEDDINGS,
]);

function put(out: Attributes, key: string, v: AttributeValue | undefined): void {
  if (v !== undefined && v !== '') out[key] = v;
}

function seconds(span: ReadableSpan): number {
  const [s, ns] = span.duration;
  return s + ns / 1e9;
}

/** Where spans are recorded: instruments, the connector's totals and its observation buffer. */
export interface Sinks {
  m: Instruments;
  totals: Totals;
  buffer: ObservationBuffer;
}

/** Records one finished span. Spans without `gen_ai.operation.name` are not GenAI and are skipped. */
export function recordSpan(span: ReadableSpan, sinks: Sinks, dims: DimensionSet): void {
  const attrs = span.attributes;
  const operation = attrs[ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation !== 'string') return;
  const extra = dims.of(attrs, span.resource?.attributes);
  const failed = span.status.code === SpanStatusCode.ERROR;
  const errorType = attrs[ATTR_ERROR_TYPE] ?? (failed ? ERROR_TYPE_OTHER : undefined);

  if (INFERENCE.has(operation)) {
    recordInference(span, operation, errorType, extra, sinks);
    if (operation === GEN_AI_OPERATION.EMBEDDINGS)
      recordStage(span, operation, extra.attrs, sinks.m);
    return;
  }
  const { m } = sinks;
  if (errorType !== undefined) {
    sinks.totals.error(
      extra,
      operation,
      attrs[ATTR_GEN_AI_PROVIDER_NAME],
      attrs[ATTR_GEN_AI_REQUEST_MODEL],
      errorType,
    ).count++;
  }
  switch (operation) {
    case GEN_AI_OPERATION.INVOKE_AGENT: {
      const a: Attributes = { ...extra.attrs };
      put(a, ATTR_GEN_AI_AGENT_NAME, attrs[ATTR_GEN_AI_AGENT_NAME]);
      a[ATTR_GEN_AI_AGENT_OUTCOME] =
        attrs[ATTR_GEN_AI_AGENT_OUTCOME] ??
        (failed ? GENAI_OTEL_OUTCOME.ERROR : GENAI_OTEL_OUTCOME.SUCCESS);
      m.agentDuration.record(seconds(span), a);
      return;
    }
    case GEN_AI_OPERATION.EXECUTE_TOOL: {
      const a: Attributes = { ...extra.attrs };
      put(a, ATTR_GEN_AI_TOOL_NAME, attrs[ATTR_GEN_AI_TOOL_NAME]);
      a[ATTR_GEN_AI_TOOL_CALL_OUTCOME] =
        attrs[ATTR_GEN_AI_TOOL_CALL_OUTCOME] ??
        (failed ? GENAI_OTEL_OUTCOME.ERROR : GENAI_OTEL_OUTCOME.SUCCESS);
      m.toolDuration.record(seconds(span), a);
      return;
    }
    case GENAI_OTEL_OPERATION.HANDOFF: {
      const a: Attributes = { ...extra.attrs };
      put(a, ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME, attrs[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]);
      put(a, ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME, attrs[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]);
      put(a, ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE, attrs[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]);
      put(a, ATTR_GEN_AI_AGENT_HANDOFF_REASON, attrs[ATTR_GEN_AI_AGENT_HANDOFF_REASON]);
      m.handoffs.add(1, a);
      return;
    }
    case GEN_AI_OPERATION.RETRIEVAL: {
      recordStage(span, operation, extra.attrs, m);
      const source = attrs[ATTR_GEN_AI_DATA_SOURCE_ID];
      const outcome = attrs[ATTR_GEN_AI_RETRIEVAL_OUTCOME];
      if (
        outcome === GENAI_OTEL_RETRIEVAL_OUTCOME.HIT ||
        outcome === GENAI_OTEL_RETRIEVAL_OUTCOME.MISS
      ) {
        const a: Attributes = { ...extra.attrs, [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: outcome };
        put(a, ATTR_GEN_AI_DATA_SOURCE_ID, source);
        m.retrievalCalls.add(1, a);
      }
      const top = topScore(attrs[ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]);
      if (top !== undefined) {
        const a: Attributes = { ...extra.attrs };
        put(a, ATTR_GEN_AI_DATA_SOURCE_ID, source);
        m.retrievalTopScore.record(top, a);
      }
      return;
    }
    case GENAI_OTEL_OPERATION.RERANK:
      recordStage(span, operation, extra.attrs, m);
      return;
  }
}

/**
 * The hot path (one LLM call): a series lookup, histogram observations parked in the buffer,
 * running totals bumped. Nothing allocated but the lookup key.
 */
function recordInference(
  span: ReadableSpan,
  operation: string,
  errorType: AttributeValue | undefined,
  extra: Extra,
  { m, totals, buffer }: Sinks,
): void {
  const attrs = span.attributes;
  const series = totals.inference(
    extra,
    operation,
    attrs[ATTR_GEN_AI_PROVIDER_NAME],
    attrs[ATTR_GEN_AI_REQUEST_MODEL],
    attrs[ATTR_GEN_AI_RESPONSE_MODEL],
    attrs[ATTR_SERVER_ADDRESS],
    attrs[ATTR_SERVER_PORT],
    errorType,
  );
  buffer.push(m.operationDuration, seconds(span), series.base);
  const ttft = attrs[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
  if (typeof ttft === 'number' && ttft >= 0) buffer.push(m.timeToFirstChunk, ttft, series.base);
  const input = attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
  const output = attrs[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
  const hasInput = typeof input === 'number' && input >= 0;
  const hasOutput = typeof output === 'number' && output >= 0;
  if (hasInput) buffer.push(m.tokenUsage, input, series.input);
  if (hasOutput) buffer.push(m.tokenUsage, output, series.output);

  const cost = attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT];
  if (typeof cost === 'number') {
    series.money.cost += cost;
    series.money.priced = true;
  } else if ((hasInput && input > 0) || (hasOutput && output > 0)) {
    series.money.unpriced++;
  }
  if (series.error !== undefined) series.error.count++;
}

function recordStage(
  span: ReadableSpan,
  operation: string,
  extra: Attributes,
  m: Instruments,
): void {
  const a: Attributes = { ...extra, [ATTR_GEN_AI_OPERATION_NAME]: operation };
  put(a, ATTR_GEN_AI_DATA_SOURCE_ID, span.attributes[ATTR_GEN_AI_DATA_SOURCE_ID]);
  m.ragStageDuration.record(seconds(span), a);
}

/** The best score in `gen_ai.retrieval.documents` (JSON `[{id, score}]`). */
export function topScore(documents: AttributeValue | undefined): number | undefined {
  if (typeof documents !== 'string' || documents === '') return undefined;
  let docs: unknown;
  try {
    docs = JSON.parse(documents);
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs)) return undefined;
  let best: number | undefined;
  for (const d of docs) {
    const s = (d as { score?: unknown } | null)?.score;
    if (typeof s === 'number' && Number.isFinite(s) && (best === undefined || s > best)) best = s;
  }
  return best;
}
