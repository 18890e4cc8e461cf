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
  const next = ctx.setValue(CONVERSATION_KEY, merged);
  try {
    const propagate = values.propagate ?? settings().propagateConversationId;
    if (propagate && values.conversationId !== undefined) {
      const baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage();
      return propagation.setBaggage(
        next,
        baggage.setEntry(ATTR_GEN_AI_CONVERSATION_ID, { value: values.conversationId }),
      );
    }
  } catch {
    // Propagation is a bonus: a broken propagation API or tracer provider leaves the local values.
  }
  return next;
}

/**
 * Runs `fn` with these conversation values in effect: every span started inside it, by these
 * helpers or by any instrumentation, gets them as attributes once `GenAIContextSpanProcessor` is
 * in the pipeline. Returns what `fn` returns — a native promise as a promise of the same outcome,
 * anything else as the very object. An iterator or async iterable it returns, directly or through
 * a promise, keeps the values while it is consumed. No span of its own.
 */
export function withConversation<R>(values: ConversationOptions, fn: () => R): R {
  let ctx: Context;
  try {
    ctx = conversationContext(values);
  } catch {
    // Telemetry never breaks the app (an options getter that throws, a broken context manager).
    return fn();
  }
  const result = context.with(ctx, fn);
  try {
    return keepContext(result, ctx);
  } catch {
    // Only an odd result (a throwing `then` getter, a hostile proxy) gets here: handed back as is.
    return result;
  }
}

function keepContext<R>(result: R, ctx: Context): R {
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
    return result;
  }
  if (typeof (result as { then?: unknown }).then !== 'function') {
    traceIteration(result, ctx, new ContextOnly());
    return result;
  }
  if (!(result instanceof Promise)) {
    // Another thenable may start its work in `then` (a query builder): never call it here.
    return result;
  }
  const onValue = (value: unknown) => {
    keepStreamContext(value, ctx);
    return value;
  };
  // A native promise is replaced by its continuation, which keeps an unhandled rejection
  // unhandled; a Promise subclass (an SDK's, with helper methods) is observed and handed back. Both
  // ways the stream is patched before the caller's `await` resumes.
  if (result.constructor === Promise) return result.then(onValue) as R;
  result.then(onValue, () => {});
  return result;
}

/** A promise resolved to a stream: it keeps the values while it is consumed. */
function keepStreamContext(value: unknown, ctx: Context): void {
  try {
    if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
    ) {
      traceIteration(value, ctx, new ContextOnly());
    }
  } catch {
    // An odd value (a throwing getter): not a stream to us.
  }
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
