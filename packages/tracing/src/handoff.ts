import {
  ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  GENAI_OTEL_HANDOFF_TARGET_TYPE,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_OUTCOME,
  type GenAIOtelHandoffTargetType,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { type Attributes, context, type SpanContext, SpanKind } from '@opentelemetry/api';
import { currentAgent } from './agent.js';
import { settings } from './config.js';

/** Options of {@link handoff}. */
export interface HandoffOptions {
  /** Who takes over: an agent's name, or a queue/team for a human (`gen_ai.agent.handoff.target.name`). */
  to: string;
  /** `agent` (default) or `human`. */
  targetType?: GenAIOtelHandoffTargetType | undefined;
  /** Why, low cardinality: see `GENAI_OTEL_HANDOFF_REASON` (`low_confidence`, `policy`, …). */
  reason?: string | undefined;
  /** The source's confidence (0–1) when it decided. */
  confidence?: number | undefined;
  /** Who hands off. Default: the innermost running `withAgent`. */
  from?: string | undefined;
}

/** A handoff that happened; pass it as `withAgent({ name, handoffFrom })` to the receiving agent. */
export interface Handoff {
  /** The handoff span's context: the receiving agent's span links to it. */
  readonly spanContext: SpanContext;
  readonly from: string | undefined;
  readonly to: string;
  readonly targetType: GenAIOtelHandoffTargetType;
  readonly reason: string | undefined;
  readonly confidence: number | undefined;
}

/**
 * Records a handoff as its own span, `handoff {to}` (INTERNAL, a child of the current span, ended
 * at once), and returns the token the receiving agent links to. A handoff to a human makes the
 * handing-off agent's outcome `handoff`.
 *
 * ```ts
 * const h = handoff({ to: 'billing', reason: GENAI_OTEL_HANDOFF_REASON.ROUTING, confidence: 0.92 });
 * await withAgent({ name: 'billing', handoffFrom: h }, () => billing.run(request));
 * ```
 */
export function handoff(options: HandoffOptions): Handoff {
  const parent = context.active();
  const agent = currentAgent(parent);
  const from = options.from ?? agent?.name;
  const targetType = options.targetType ?? GENAI_OTEL_HANDOFF_TARGET_TYPE.AGENT;
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.HANDOFF,
    [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: options.to,
    [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: targetType,
  };
  if (from !== undefined) attributes[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME] = from;
  if (options.reason !== undefined) attributes[ATTR_GEN_AI_AGENT_HANDOFF_REASON] = options.reason;
  if (options.confidence !== undefined) {
    attributes[ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE] = options.confidence;
  }
  const span = settings().tracer.startSpan(
    genAISpanName(GENAI_OTEL_OPERATION.HANDOFF, options.to),
    { kind: SpanKind.INTERNAL, attributes },
    parent,
  );
  span.end();
  if (targetType === GENAI_OTEL_HANDOFF_TARGET_TYPE.HUMAN && agent && agent.outcome === undefined) {
    agent.outcome = GENAI_OTEL_OUTCOME.HANDOFF;
  }
  return {
    spanContext: span.spanContext(),
    from,
    to: options.to,
    targetType,
    reason: options.reason,
    confidence: options.confidence,
  };
}
