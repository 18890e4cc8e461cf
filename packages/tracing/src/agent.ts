import {
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  GEN_AI_OPERATION,
  GENAI_OTEL_OUTCOME,
  type GenAIOtelOutcome,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  isSpanContextValid,
  type Span,
  SpanKind,
  type SpanOptions,
} from '@opentelemetry/api';
import type { Handoff } from './handoff.js';
import { type Finisher, runInSpan, runUntraced, type Settled, type Traced } from './span-runner.js';

/** Options of {@link withAgent}. */
export interface AgentOptions {
  /** `gen_ai.agent.name`; also the span name `invoke_agent {name}`. */
  name: string;
  /** `gen_ai.agent.id`. */
  id?: string | undefined;
  /** `gen_ai.agent.description`. */
  description?: string | undefined;
  /** `gen_ai.agent.version`. */
  version?: string | undefined;
  /**
   * `gen_ai.conversation.id` set on this span directly. Usually unneeded: `withConversation` puts
   * it on every span (with `GenAIContextSpanProcessor`).
   */
  conversationId?: string | undefined;
  /** The handoff that started this invocation: the span links to the handoff span. */
  handoffFrom?: Handoff | undefined;
  /** The agent runs in another service (a CLIENT span, per the conventions). Default false. */
  remote?: boolean | undefined;
  /** `gen_ai.provider.name` of a remote agent's platform. */
  providerName?: string | undefined;
}

/** The running agent invocation, as nested helpers (handoffs) see it. */
export interface AgentFrame {
  readonly name: string;
  /** `gen_ai.agent.id`, when the invocation was given one. */
  readonly id?: string | undefined;
  outcome: GenAIOtelOutcome | undefined;
}

export const AGENT_KEY = createContextKey('@genai-otel/tracing agent');

/** The innermost agent invocation in `ctx` (default: the active context). */
export function currentAgent(ctx: Context = context.active()): AgentFrame | undefined {
  return ctx.getValue(AGENT_KEY) as AgentFrame | undefined;
}

/**
 * Overrides how the innermost running agent invocation ends (`gen_ai.agent.outcome`); without it
 * the outcome is `error` when the function fails, `handoff` after a handoff to a human, else
 * `success`. False when no agent is running.
 */
export function setAgentOutcome(outcome: GenAIOtelOutcome): boolean {
  const frame = currentAgent();
  if (frame === undefined) return false;
  frame.outcome = outcome;
  return true;
}

// The outcome starts as `success` among the start attributes (one attribute pass instead of two
// on the common path) and is overwritten when the invocation ends otherwise.
const agentFinisher: Finisher<AgentFrame> = {
  success(span: Span, frame: AgentFrame) {
    if (frame.outcome !== undefined) span.setAttribute(ATTR_GEN_AI_AGENT_OUTCOME, frame.outcome);
  },
  failure(span: Span) {
    span.setAttribute(ATTR_GEN_AI_AGENT_OUTCOME, GENAI_OTEL_OUTCOME.ERROR);
  },
};

/**
 * Runs `fn` as an agent invocation: span `invoke_agent {name}` (INTERNAL; CLIENT when `remote`),
 * active while `fn` runs, awaits or yields, so nested agents, tools and LLM calls are its
 * children. Returns exactly what `fn` returns; errors are recorded and rethrown unchanged.
 *
 * ```ts
 * const answer = await withAgent('triage', async () => classify(question)); // Promise<…> in, … out
 * ```
 */
export function withAgent<R>(agent: string | AgentOptions, fn: Traced<R>): Settled<R> {
  let parent: Context;
  let name: string;
  let spanOptions: SpanOptions;
  let frame: AgentFrame;
  try {
    parent = context.active();
    const options = typeof agent === 'string' ? undefined : agent;
    name = options === undefined ? (agent as string) : options.name;
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
      [ATTR_GEN_AI_AGENT_NAME]: name,
      [ATTR_GEN_AI_AGENT_OUTCOME]: GENAI_OTEL_OUTCOME.SUCCESS,
    };
    let kind = SpanKind.INTERNAL;
    let links: SpanOptions['links'];
    if (options !== undefined) {
      if (options.id !== undefined) attributes[ATTR_GEN_AI_AGENT_ID] = options.id;
      if (options.description !== undefined) {
        attributes[ATTR_GEN_AI_AGENT_DESCRIPTION] = options.description;
      }
      if (options.version !== undefined) attributes[ATTR_GEN_AI_AGENT_VERSION] = options.version;
      if (options.conversationId !== undefined) {
        attributes[ATTR_GEN_AI_CONVERSATION_ID] = options.conversationId;
      }
      if (options.providerName !== undefined) {
        attributes[ATTR_GEN_AI_PROVIDER_NAME] = options.providerName;
      }
      if (options.remote) kind = SpanKind.CLIENT;
      // A handoff recorded by a no-op tracer has no span to link to.
      const from = options.handoffFrom?.spanContext;
      if (from !== undefined && isSpanContextValid(from)) links = [{ context: from }];
    }
    spanOptions = { kind, attributes, links };
    frame = { name, id: options?.id, outcome: undefined };
  } catch {
    // Telemetry never breaks the app (an options getter that throws, a broken context manager).
    return runUntraced(fn);
  }
  return runInSpan(
    genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, name),
    spanOptions,
    parent,
    AGENT_KEY,
    frame,
    fn,
    agentFinisher,
  );
}
