import { ATTR_GEN_AI_CONVERSATION_ID } from '@genai-otel/semantic-conventions';
import { type Context, context, createContextKey, propagation } from '@opentelemetry/api';
import { settings } from './config.js';
import { type Ending, traceIteration } from './iteration.js';

/** Who and what a piece of work belongs to; stamped on every span started below it. */
export interface ConversationContext {
  /** `gen_ai.conversation.id`: the conversation / session / thread. */
  conversationId?: string | undefined;
  /** `user.id`: the end user. */
  userId?: string | undefined;
  /** `tenant.id`: the customer organisation in a multi-tenant app. */
  tenantId?: string | undefined;
}

/** Options of {@link withConversation} and {@link conversationContext}. */
export interface ConversationOptions extends ConversationContext {
  /**
   * Also put the conversation id into W3C baggage (key `gen_ai.conversation.id`), so instrumented
   * outgoing calls carry it to the next service. Default: `configureTracing({ propagateConversationId })`,
   * itself false. Baggage is visible to every downstream service: ids only, never content.
   */
  propagate?: boolean | undefined;
}

// `createContextKey` is `Symbol.for(description)`: every copy of this package (the app's, the sdk's)
// reads and writes the same entry.
export const CONVERSATION_KEY = createContextKey('@genai-otel/tracing conversation');

/** The conversation values in effect in `ctx` (default: the active context). */
export function getConversation(ctx: Context = context.active()): ConversationContext | undefined {
  return ctx.getValue(CONVERSATION_KEY) as ConversationContext | undefined;
}

/**
 * `ctx` (default: the active context) with these conversation values added; values left undefined
 * are inherited from an enclosing conversation context. For code that manages contexts itself,
 * e.g. a middleware: `context.with(conversationContext({ conversationId }), next)`.
 */
export function conversationContext(
  values: ConversationOptions,
  ctx: Context = context.active(),
): Context {
  const outer = ctx.getValue(CONVERSATION_KEY) as ConversationContext | undefined;
  const merged: ConversationContext = {
    conversationId: values.conversationId ?? outer?.conversationId,
    userId: values.userId ?? outer?.userId,
    tenantId: values.tenantId ?? outer?.tenantId,
  };
  let next = ctx.setValue(CONVERSATION_KEY, merged);
  const propagate = values.propagate ?? settings().propagateConversationId;
  if (propagate && values.conversationId !== undefined) {
    const baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage();
    next = propagation.setBaggage(
      next,
      baggage.setEntry(ATTR_GEN_AI_CONVERSATION_ID, { value: values.conversationId }),
    );
  }
  return next;
}

/**
 * Runs `fn` with these conversation values in effect: every span started inside it, by these
 * helpers or by any instrumentation, gets them as attributes once `GenAIContextSpanProcessor` is
 * in the pipeline. Returns what `fn` returns (the very object); an iterator or async iterable it
 * returns keeps the values while it is consumed. No span of its own.
 */
export function withConversation<R>(values: ConversationOptions, fn: () => R): R {
  const ctx = conversationContext(values);
  const result = context.with(ctx, fn);
  if (result !== null && typeof result === 'object' && !('then' in result)) {
    traceIteration(result, ctx, new ContextOnly());
  }
  return result;
}

/** An iteration that only needs the context, until it ends. */
class ContextOnly implements Ending {
  open = true;
  ok(): void {
    this.open = false;
  }
  error(): void {
    this.open = false;
  }
}
