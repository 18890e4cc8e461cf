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
import {
  type Attributes,
  context,
  diag,
  INVALID_SPAN_CONTEXT,
  type SpanContext,
  SpanKind,
} from '@opentelemetry/api';
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
  /**
   * The source's confidence when it decided, in [0, 1]. Anything else (NaN, 1.5, a percentage) is
   * left out of the span, with one `diag.warn` per process.
   */
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
  let to: string;
  let from: string | undefined;
  let targetType: GenAIOtelHandoffTargetType;
  let reason: string | undefined;
  let confidence: number | undefined;
  try {
    ({ to, from, reason, confidence } = options);
    targetType = options.targetType ?? GENAI_OTEL_HANDOFF_TARGET_TYPE.AGENT;
  } catch {
    // Telemetry never breaks the app: options that cannot be read make an empty handoff.
    return {
      spanContext: INVALID_SPAN_CONTEXT,
      from: undefined,
      to: '',
      targetType: GENAI_OTEL_HANDOFF_TARGET_TYPE.AGENT,
      reason: undefined,
      confidence: undefined,
    };
  }
  let spanContext = INVALID_SPAN_CONTEXT;
  try {
    const parent = context.active();
    const agent = currentAgent(parent);
    from ??= agent?.name;
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.HANDOFF,
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: to,
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: targetType,
    };
    if (from !== undefined) attributes[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME] = from;
    if (reason !== undefined) attributes[ATTR_GEN_AI_AGENT_HANDOFF_REASON] = reason;
    if (confidence !== undefined) {
      if (isConfidence(confidence)) attributes[ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE] = confidence;
      else warnConfidence(confidence);
    }
    // A human taking over is how the handing-off agent ended, whether or not the span records.
    if (
      targetType === GENAI_OTEL_HANDOFF_TARGET_TYPE.HUMAN &&
      agent &&
      agent.outcome === undefined
    ) {
      agent.outcome = GENAI_OTEL_OUTCOME.HANDOFF;
    }
    const span = settings().tracer.startSpan(
      genAISpanName(GENAI_OTEL_OPERATION.HANDOFF, to),
      { kind: SpanKind.INTERNAL, attributes },
      parent,
    );
    spanContext = span.spanContext();
    span.end();
  } catch {
    // Telemetry never breaks the app: a broken tracer or span leaves a handoff nothing links to.
    spanContext = INVALID_SPAN_CONTEXT;
  }
  return { spanContext, from, to, targetType, reason, confidence };
}

function isConfidence(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

let warned = false;

/** Once per process: a wrong confidence is a bug in the caller, not news on every handoff. */
function warnConfidence(value: unknown): void {
  if (warned) return;
  warned = true;
  diag.warn(
    `@genai-otel/tracing: handoff confidence must be a number in [0, 1]; ${String(value)} is not recorded (warned once)`,
  );
}
