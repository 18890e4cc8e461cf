import {
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_TENANT_ID,
  ATTR_USER_ID,
} from '@genai-otel/semantic-conventions';
import {
  type Attributes,
  type AttributeValue,
  type Context,
  diag,
  propagation,
} from '@opentelemetry/api';
import { AGENT_KEY, type AgentFrame } from './agent.js';
import { CONVERSATION_KEY, type ConversationContext } from './context.js';

/** Options of {@link GenAIContextSpanProcessor}. */
export interface GenAIContextSpanProcessorOptions {
  /**
   * Use a `gen_ai.conversation.id` W3C baggage entry (from an upstream service that propagated
   * it) when no `withConversation` value is in effect. Default true. Baggage arrives from whoever
   * called the service, so the value is only a correlation label: at most
   * {@link MAX_BAGGAGE_CONVERSATION_ID_LENGTH} characters of `A–Z a–z 0–9 . _ ~ : @ / + = # -`,
   * else ignored. Turn it off in a service that takes requests straight from the internet.
   */
  fromBaggage?: boolean;
}

/** Longest conversation id taken from baggage; a longer one is ignored, not cut. */
export const MAX_BAGGAGE_CONVERSATION_ID_LENGTH = 256;

// Ids as apps make them (UUIDs, `thread_…`, `1700000000.1234`, `tenant:conv/7`): no spaces,
// quotes, angle brackets, control or non-ASCII characters a log viewer or a query could trip on.
const BAGGAGE_ID = /^[A-Za-z0-9._~:@/+=#-]+$/;

/** The upstream conversation id if it is one we are willing to stamp. */
function baggageConversationId(parentContext: Context): string | undefined {
  const value = propagation.getBaggage(parentContext)?.getEntry(ATTR_GEN_AI_CONVERSATION_ID)?.value;
  if (value === undefined) return undefined;
  if (value.length <= MAX_BAGGAGE_CONVERSATION_ID_LENGTH && BAGGAGE_ID.test(value)) return value;
  diag.debug(
    `@genai-otel/tracing: ignored a ${ATTR_GEN_AI_CONVERSATION_ID} baggage entry of ${value.length} characters that is not a plain id`,
  );
  return undefined;
}

/** The part of the SDK's span the processor needs; structural, so no SDK dependency. */
interface StartingSpan {
  readonly attributes: Attributes;
  setAttribute(key: string, value: AttributeValue): unknown;
}

/**
 * Stamps the conversation values of the span's parent context (`withConversation`) on every span
 * as it starts: `gen_ai.conversation.id`, `user.id`, `tenant.id`; and the innermost running agent
 * (`withAgent`) as `gen_ai.agent.name` / `gen_ai.agent.id`, so an LLM call, tool or retrieval
 * says which agent made it. That includes spans of the SDK instrumentations, which know nothing
 * about conversations or agents. An attribute the span already has (an instrumentation that read
 * the id from the request, a nested agent's own name) is left as it is.
 *
 * The agent is stamped at the start because nothing later can: the agent span ends after its
 * children, so an exporter or connector seeing a child cannot look its agent up.
 *
 * A `SpanProcessor` of `@opentelemetry/sdk-trace`: put it before the exporting processors.
 */
export class GenAIContextSpanProcessor {
  readonly #fromBaggage: boolean;

  constructor(options: GenAIContextSpanProcessorOptions = {}) {
    this.#fromBaggage = options.fromBaggage ?? true;
  }

  onStart(span: StartingSpan, parentContext: Context): void {
    try {
      this.#stamp(span, parentContext);
    } catch {
      // Telemetry never breaks the app: the SDK calls this inside the app's startSpan.
    }
  }

  #stamp(span: StartingSpan, parentContext: Context): void {
    const agent = parentContext.getValue(AGENT_KEY) as AgentFrame | undefined;
    if (agent !== undefined && span.attributes[ATTR_GEN_AI_AGENT_NAME] === undefined) {
      span.setAttribute(ATTR_GEN_AI_AGENT_NAME, agent.name);
      if (agent.id !== undefined && span.attributes[ATTR_GEN_AI_AGENT_ID] === undefined) {
        span.setAttribute(ATTR_GEN_AI_AGENT_ID, agent.id);
      }
    }
    const values = parentContext.getValue(CONVERSATION_KEY) as ConversationContext | undefined;
    let conversationId = values?.conversationId;
    if (conversationId === undefined && this.#fromBaggage) {
      conversationId = baggageConversationId(parentContext);
    }
    if (values === undefined && conversationId === undefined) return;
    const attributes = span.attributes;
    if (conversationId !== undefined && attributes[ATTR_GEN_AI_CONVERSATION_ID] === undefined) {
      span.setAttribute(ATTR_GEN_AI_CONVERSATION_ID, conversationId);
    }
    if (values?.userId !== undefined && attributes[ATTR_USER_ID] === undefined) {
      span.setAttribute(ATTR_USER_ID, values.userId);
    }
    if (values?.tenantId !== undefined && attributes[ATTR_TENANT_ID] === undefined) {
      span.setAttribute(ATTR_TENANT_ID, values.tenantId);
    }
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
