import { type Context, context } from '@opentelemetry/api';

/** Where a run's span context comes from: the handler's runs in flight. */
export interface RunContexts {
  contextOf(runId: unknown): Context | undefined;
}

/** A method of a LangChain class that does a run's work and is handed the run's manager. */
export interface RunMethod {
  readonly name: string;
  /** The position of the `CallbackManagerFor…Run` argument (it carries `runId`). */
  readonly runManagerArg: number;
  /** An async generator (`_streamResponseChunks`): each step runs in the context. */
  readonly generator?: boolean;
}

type Fn = (this: unknown, ...args: unknown[]) => unknown;

const BOUND = Symbol.for('genai-otel.langchain.bound');

/**
 * Binds the run-work methods of `instance`'s classes, from its own class up to (not including)
 * `base`, to the run's span context: `ChatOpenAI._generate(messages, options, runManager)` then
 * runs in the context of the span of `runManager.runId`, so the openai SDK call it makes is a
 * child of the chat span. LangChain calls these methods right after the (awaited) start callback
 * created that span. Each class is bound once, on its first call; the wrapper looks the context
 * up per call and calls the original as is when there is none (instrumentation off, no run).
 */
export function bindRunMethods(
  instance: object,
  base: object,
  methods: readonly RunMethod[],
  runs: RunContexts,
): void {
  let proto = Object.getPrototypeOf(instance) as Record<PropertyKey, unknown> | null;
  while (proto !== null && proto !== base && proto !== Object.prototype) {
    if (Object.hasOwn(proto, BOUND)) return;
    for (const method of methods) {
      const original = Object.hasOwn(proto, method.name) ? proto[method.name] : undefined;
      if (typeof original !== 'function') continue;
      Object.defineProperty(proto, method.name, {
        value: method.generator
          ? boundGenerator(original as Fn, method.runManagerArg, runs)
          : boundMethod(original as Fn, method.runManagerArg, runs),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
    Object.defineProperty(proto, BOUND, { value: true });
    proto = Object.getPrototypeOf(proto) as Record<PropertyKey, unknown> | null;
  }
}

function runIdOf(runManager: unknown): unknown {
  return runManager !== null && typeof runManager === 'object'
    ? (runManager as { runId?: unknown }).runId
    : undefined;
}

function boundMethod(original: Fn, arg: number, runs: RunContexts): Fn {
  return function bound(this: unknown, ...args: unknown[]): unknown {
    const ctx = runs.contextOf(runIdOf(args[arg]));
    return ctx === undefined
      ? original.apply(this, args)
      : context.with(ctx, original, this, ...args);
  };
}

function boundGenerator(original: Fn, arg: number, runs: RunContexts): Fn {
  return function bound(this: unknown, ...args: unknown[]): unknown {
    const ctx = runs.contextOf(runIdOf(args[arg]));
    if (ctx === undefined) return original.apply(this, args);
    const iterator = context.with(ctx, original, this, ...args) as AsyncIterator<unknown>;
    return inContext(iterator, ctx);
  };
}

/**
 * An async generator's body runs on each `next()`, in the caller's context: every step is run
 * in `ctx` instead, so a request made in the first step (the streamed HTTP call) nests.
 */
function inContext(iterator: AsyncIterator<unknown>, ctx: Context): AsyncIterableIterator<unknown> {
  const bound: AsyncIterableIterator<unknown> = {
    next: (...args: [] | [unknown]) => context.with(ctx, () => iterator.next(...args)),
    return: (value?: unknown) =>
      iterator.return
        ? context.with(ctx, () => iterator.return!(value))
        : Promise.resolve({ done: true, value }),
    throw: (error?: unknown) =>
      iterator.throw ? context.with(ctx, () => iterator.throw!(error)) : Promise.reject(error),
    [Symbol.asyncIterator]() {
      return bound;
    },
  };
  return bound;
}
