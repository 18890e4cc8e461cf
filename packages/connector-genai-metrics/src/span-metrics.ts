import type { ComponentLogger } from '@genai-otel/component';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_BUDGET_LIMIT,
  ATTR_GEN_AI_BUDGET_NAME,
  ATTR_GEN_AI_BUDGET_SCOPE,
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
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  EVENT_GEN_AI_BUDGET_EXCEEDED,
  GEN_AI_INFERENCE_OPERATIONS,
  GEN_AI_OPERATION,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_OUTCOME,
  GENAI_OTEL_RETRIEVAL_OUTCOME,
  isValidTokenCount,
  MAX_TOKEN_COUNT,
  spanErrorType,
} from '@genai-otel/semantic-conventions';
import { type AttributeValue, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { DimensionSet, Extra } from './dimensions.js';
import { readPeerRetrieval } from './peer-retrieval.js';
import type { SeriesStore } from './series-store.js';

function seconds(span: ReadableSpan): number {
  const d = span.duration;
  return d[0] + d[1] / 1e9;
}

/**
 * Records one finished span into the connector's series. Spans without `gen_ai.operation.name`
 * are not GenAI and are skipped. Nothing is allocated here once a span's series exist.
 */
export function recordSpan(
  span: ReadableSpan,
  store: SeriesStore,
  dims: DimensionSet,
  log?: Pick<ComponentLogger, 'once'>,
): void {
  const attrs = span.attributes;
  // An MCP request (client or server side): its own duration histograms; a `tools/call` is
  // also an `execute_tool`, counted below as a tool call on the side that called it.
  if (attrs[ATTR_MCP_METHOD_NAME] !== undefined) {
    const client = span.kind !== SpanKind.SERVER;
    store.mcp(dims.of(attrs, span.resource), client, attrs).record(seconds(span));
    if (!client) return;
  }
  const operation = attrs[ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation !== 'string') {
    // Another instrumentation's retrieval (OpenInference RETRIEVER) counts as ours does.
    const peer = readPeerRetrieval(attrs);
    // The same retrieval counted by our span (genai_cost's owner mark): counted there.
    if (peer !== undefined && attrs[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] === undefined)
      recordRetrieval(
        span,
        dims.of(attrs, span.resource),
        store,
        undefined,
        peer.outcome,
        peer.topScore,
      );
    return;
  }
  const extra = dims.of(attrs, span.resource);
  const failed = span.status.code === SpanStatusCode.ERROR;
  const errorType = spanErrorType(attrs[ATTR_ERROR_TYPE], failed);

  if (GEN_AI_INFERENCE_OPERATIONS.has(operation)) {
    // Another span counts this call (genai_cost's "one call, one owner" mark): counted there.
    if (attrs[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] !== undefined) return;
    recordInference(span, operation, errorType, extra, store, log);
    // genai_budget marks the priced call that crossed a budget with one event per crossing.
    if (span.events.length > 0) recordBudgetCrossings(span, extra, store);
    if (operation === GEN_AI_OPERATION.EMBEDDINGS)
      store.stage(extra, operation, attrs[ATTR_GEN_AI_DATA_SOURCE_ID]).record(seconds(span));
    return;
  }
  if (errorType !== undefined) {
    store
      .error(
        extra,
        operation,
        attrs[ATTR_GEN_AI_PROVIDER_NAME],
        attrs[ATTR_GEN_AI_REQUEST_MODEL],
        errorType,
      )
      .add(1);
  }
  switch (operation) {
    case GEN_AI_OPERATION.INVOKE_AGENT:
      store
        .agent(
          extra,
          attrs[ATTR_GEN_AI_AGENT_NAME],
          attrs[ATTR_GEN_AI_AGENT_OUTCOME] ??
            (failed ? GENAI_OTEL_OUTCOME.ERROR : GENAI_OTEL_OUTCOME.SUCCESS),
        )
        .record(seconds(span));
      return;
    case GEN_AI_OPERATION.EXECUTE_TOOL:
      store
        .tool(
          extra,
          attrs[ATTR_GEN_AI_TOOL_NAME],
          attrs[ATTR_GEN_AI_TOOL_CALL_OUTCOME] ??
            (failed ? GENAI_OTEL_OUTCOME.ERROR : GENAI_OTEL_OUTCOME.SUCCESS),
        )
        .record(seconds(span));
      return;
    case GENAI_OTEL_OPERATION.HANDOFF:
      store
        .handoff(
          extra,
          attrs[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME],
          attrs[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME],
          attrs[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE],
          attrs[ATTR_GEN_AI_AGENT_HANDOFF_REASON],
        )
        .add(1);
      return;
    case GEN_AI_OPERATION.RETRIEVAL:
      if (attrs[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] !== undefined) return;
      recordRetrieval(
        span,
        extra,
        store,
        attrs[ATTR_GEN_AI_DATA_SOURCE_ID],
        attrs[ATTR_GEN_AI_RETRIEVAL_OUTCOME],
        topScore(attrs[ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]),
      );
      return;
    case GENAI_OTEL_OPERATION.RERANK:
      store.stage(extra, operation, attrs[ATTR_GEN_AI_DATA_SOURCE_ID]).record(seconds(span));
      return;
  }
}

function recordBudgetCrossings(span: ReadableSpan, extra: Extra, store: SeriesStore): void {
  for (const event of span.events) {
    if (event.name !== EVENT_GEN_AI_BUDGET_EXCEEDED) continue;
    const a = event.attributes ?? {};
    store
      .budget(
        extra,
        a[ATTR_GEN_AI_BUDGET_NAME],
        a[ATTR_GEN_AI_BUDGET_SCOPE],
        a[ATTR_GEN_AI_BUDGET_LIMIT],
      )
      .add(1);
  }
}

/** A retrieval: its stage duration, its outcome when `hit` or `miss`, its best score. */
function recordRetrieval(
  span: ReadableSpan,
  extra: Extra,
  store: SeriesStore,
  source: AttributeValue | undefined,
  outcome: AttributeValue | undefined,
  top: number | undefined,
): void {
  store.stage(extra, GEN_AI_OPERATION.RETRIEVAL, source).record(seconds(span));
  if (outcome === GENAI_OTEL_RETRIEVAL_OUTCOME.HIT || outcome === GENAI_OTEL_RETRIEVAL_OUTCOME.MISS)
    store.retrieval(extra, source, outcome).add(1);
  if (top !== undefined) store.topScore(extra, source).record(top);
}

/** The hot path (one LLM call): one series lookup, then values written in place. */
function recordInference(
  span: ReadableSpan,
  operation: string,
  errorType: AttributeValue | undefined,
  extra: Extra,
  store: SeriesStore,
  log: Pick<ComponentLogger, 'once'> | undefined,
): void {
  const attrs = span.attributes;
  const provider = attrs[ATTR_GEN_AI_PROVIDER_NAME];
  const requestModel = attrs[ATTR_GEN_AI_REQUEST_MODEL];
  const series = store.inference(
    extra,
    operation,
    provider,
    requestModel,
    attrs[ATTR_GEN_AI_RESPONSE_MODEL],
    attrs[ATTR_SERVER_ADDRESS],
    attrs[ATTR_SERVER_PORT],
    errorType,
  );
  series.duration.record(seconds(span));
  const ttft = attrs[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
  if (typeof ttft === 'number' && ttft >= 0) series.timeToFirstChunk.record(ttft);
  const input = attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
  const output = attrs[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
  // The one rule of what a count may be (-5, 12.5, NaN, 1e300 are left out, and said once).
  const hasInput = isValidTokenCount(input);
  const hasOutput = isValidTokenCount(output);
  if (hasInput) series.input.record(input);
  else if (input !== undefined) invalidCount(span, ATTR_GEN_AI_USAGE_INPUT_TOKENS, input, log);
  if (hasOutput) series.output.record(output);
  else if (output !== undefined) invalidCount(span, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, output, log);

  // The overflow series stands for many: its spans find their cost and error series one by one.
  const money = series.money ?? store.money(extra, operation, provider, requestModel);
  const cost = attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT];
  // A received span's cost is summed only when it can be one: finite and not negative.
  if (typeof cost === 'number' && cost >= 0 && cost < Number.POSITIVE_INFINITY)
    money.cost.add(cost);
  else if ((hasInput && input > 0) || (hasOutput && output > 0)) money.unpriced.add(1);
  if (errorType === undefined) return;
  const error = series.error ?? store.error(extra, operation, provider, requestModel, errorType);
  error.add(1);
}

/** Says once per instrumentation scope and attribute that a count was left out. */
function invalidCount(
  span: ReadableSpan,
  key: string,
  value: AttributeValue,
  log: Pick<ComponentLogger, 'once'> | undefined,
): void {
  if (log === undefined) return;
  const scope = span.instrumentationScope.name;
  log.once(
    `invalid-tokens:${scope}:${key}`,
    'warn',
    `instrumentation "${scope}" reported ${key} = ${typeof value === 'string' ? JSON.stringify(value) : String(value)}, not a whole number from 0 to ${MAX_TOKEN_COUNT}: such counts are left out of the token metrics`,
  );
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
