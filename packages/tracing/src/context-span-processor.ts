import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_TENANT_ID,
  ATTR_USER_ID,
} from '@genai-otel/semantic-conventions';
import {
  type Attributes,
  type AttributeValue,
  type Context,
  propagation,
} from '@opentelemetry/api';
import { CONVERSATION_KEY, type ConversationContext } from './context.js';

/** Options of {@link GenAIContextSpanProcessor}. */
export interface GenAIContextSpanProcessorOptions {
  /**
   * Use a `gen_ai.conversation.id` W3C baggage entry (from an upstream service that propagated
   * it) when no `withConversation` value is in effect. Default true.
   */
  fromBaggage?: boolean;
}

/** The part of the SDK's span the processor needs; structural, so no SDK dependency. */
interface StartingSpan {
  readonly attributes: Attributes;
  setAttribute(key: string, value: AttributeValue): unknown;
}

/**
 * Stamps the conversation values of the span's parent context (`withConversation`) on every span
 * as it starts: `gen_ai.conversation.id`, `user.id`, `tenant.id`. That includes spans of the SDK
 * instrumentations, which know nothing about conversations. An attribute the span already has (an
 * instrumentation that read the id from the request) is left as it is.
 *
 * A `SpanProcessor` of `@opentelemetry/sdk-trace`: put it before the exporting processors.
 */
export class GenAIContextSpanProcessor {
  readonly #fromBaggage: boolean;

  constructor(options: GenAIContextSpanProcessorOptions = {}) {
    this.#fromBaggage = options.fromBaggage ?? true;
  }

  onStart(span: StartingSpan, parentContext: Context): void {
    const values = parentContext.getValue(CONVERSATION_KEY) as ConversationContext | undefined;
    let conversationId = values?.conversationId;
    if (conversationId === undefined && this.#fromBaggage) {
      conversationId = propagation
        .getBaggage(parentContext)
        ?.getEntry(ATTR_GEN_AI_CONVERSATION_ID)?.value;
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
