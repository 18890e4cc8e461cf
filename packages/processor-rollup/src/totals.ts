import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_ROLLUP_AGENT_INVOCATIONS,
  ATTR_GEN_AI_ROLLUP_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_ROLLUP_COST_AMOUNT,
  ATTR_GEN_AI_ROLLUP_ERRORS,
  ATTR_GEN_AI_ROLLUP_HANDOFFS,
  ATTR_GEN_AI_ROLLUP_INPUT_TOKENS,
  ATTR_GEN_AI_ROLLUP_LLM_CALLS,
  ATTR_GEN_AI_ROLLUP_OUTPUT_TOKENS,
  ATTR_GEN_AI_ROLLUP_RETRIEVAL_MISSES,
  ATTR_GEN_AI_ROLLUP_RETRIEVALS,
  ATTR_GEN_AI_ROLLUP_SPANS,
  ATTR_GEN_AI_ROLLUP_TOOL_CALLS,
  ATTR_GEN_AI_ROLLUP_TOOL_ERRORS,
  ATTR_GEN_AI_ROLLUP_UNPRICED_CALLS,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  GEN_AI_INFERENCE_OPERATIONS,
  GEN_AI_OPERATION,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_OUTCOME,
  GENAI_OTEL_RETRIEVAL_OUTCOME,
  isValidTokenCount,
} from '@genai-otel/semantic-conventions';
import { type Span, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

const tokens = (v: unknown) => (isValidTokenCount(v) ? (v as number) : 0);

/** The running totals of one local root's trace; the same reading of spans as genai_metrics. */
export class Totals {
  cost = 0;
  input = 0;
  output = 0;
  cacheRead = 0;
  llmCalls = 0;
  unpriced = 0;
  toolCalls = 0;
  toolErrors = 0;
  agents = 0;
  handoffs = 0;
  retrievals = 0;
  retrievalMisses = 0;
  errors = 0;
  spans = 0;
  /** The first conversation id a span of the trace carried (the root itself may have none). */
  conversation: string | undefined;

  add(span: ReadableSpan): void {
    const a = span.attributes;
    this.spans++;
    if (this.conversation === undefined) {
      const id = a[ATTR_GEN_AI_CONVERSATION_ID];
      if (typeof id === 'string' && id !== '') this.conversation = id;
    }
    const failed = span.status.code === SpanStatusCode.ERROR;
    if (failed) this.errors++;
    const operation = a[ATTR_GEN_AI_OPERATION_NAME];
    if (typeof operation === 'string' && GEN_AI_INFERENCE_OPERATIONS.has(operation)) {
      // Counted on the span that owns the call (genai_cost's "one call, one owner" mark).
      if (a[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] !== undefined) return;
      this.llmCalls++;
      this.input += tokens(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
      this.output += tokens(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
      this.cacheRead += tokens(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]);
      const cost = a[ATTR_GEN_AI_USAGE_COST_AMOUNT];
      if (typeof cost === 'number' && Number.isFinite(cost) && cost >= 0) this.cost += cost;
      else if (!failed) this.unpriced++;
      return;
    }
    switch (operation) {
      case GEN_AI_OPERATION.EXECUTE_TOOL:
        this.toolCalls++;
        if (failed || a[ATTR_GEN_AI_TOOL_CALL_OUTCOME] === GENAI_OTEL_OUTCOME.ERROR)
          this.toolErrors++;
        return;
      case GEN_AI_OPERATION.INVOKE_AGENT:
        this.agents++;
        return;
      case GENAI_OTEL_OPERATION.HANDOFF:
        this.handoffs++;
        return;
      case GEN_AI_OPERATION.RETRIEVAL:
        this.retrievals++;
        if (a[ATTR_GEN_AI_RETRIEVAL_OUTCOME] === GENAI_OTEL_RETRIEVAL_OUTCOME.MISS)
          this.retrievalMisses++;
        return;
    }
  }

  merge(other: Totals): void {
    this.conversation ??= other.conversation;
    this.cost += other.cost;
    this.input += other.input;
    this.output += other.output;
    this.cacheRead += other.cacheRead;
    this.llmCalls += other.llmCalls;
    this.unpriced += other.unpriced;
    this.toolCalls += other.toolCalls;
    this.toolErrors += other.toolErrors;
    this.agents += other.agents;
    this.handoffs += other.handoffs;
    this.retrievals += other.retrievals;
    this.retrievalMisses += other.retrievalMisses;
    this.errors += other.errors;
    this.spans += other.spans;
  }

  /** Writes the totals on the root, one `setAttribute` each (no object built per root). */
  writeTo(span: Pick<Span, 'setAttribute'>): void {
    // Summing many doubles drifts in the last digits: rounded to a nano-dollar.
    span.setAttribute(ATTR_GEN_AI_ROLLUP_COST_AMOUNT, Math.round(this.cost * 1e9) / 1e9);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_INPUT_TOKENS, this.input);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_OUTPUT_TOKENS, this.output);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_CACHE_READ_INPUT_TOKENS, this.cacheRead);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_LLM_CALLS, this.llmCalls);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_UNPRICED_CALLS, this.unpriced);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_TOOL_CALLS, this.toolCalls);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_TOOL_ERRORS, this.toolErrors);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_AGENT_INVOCATIONS, this.agents);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_HANDOFFS, this.handoffs);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_RETRIEVALS, this.retrievals);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_RETRIEVAL_MISSES, this.retrievalMisses);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_ERRORS, this.errors);
    span.setAttribute(ATTR_GEN_AI_ROLLUP_SPANS, this.spans);
  }
}
