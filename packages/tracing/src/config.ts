import { createRequire } from 'node:module';
import {
  DEFAULT_MAX_CONTENT_LENGTH,
  resolveCaptureContent,
  resolveMaxContentLength,
} from '@genai-otel/instrumentation-core/rules';
import { type Tracer, type TracerProvider, trace } from '@opentelemetry/api';

// Read at load from the package root that both `src/` and `dist/` sit in: no generated version file.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** Longest content attribute, in characters, unless configured: the instrumentations' default. */
export { DEFAULT_MAX_CONTENT_LENGTH };

/** Options of {@link configureTracing}. */
export interface TracingOptions {
  /**
   * Record content: tool arguments and results, retrieval queries and document contents.
   * Default: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`, else off.
   */
  captureMessageContent?: boolean | undefined;
  /** Longest content attribute in characters; longer JSON has its longest strings cut. Default 16384. */
  maxContentLength?: number | undefined;
  /**
   * Put the conversation id into W3C baggage for every `withConversation`, so instrumented outgoing
   * calls carry it to other services. Default false (per call: `withConversation({ propagate })`).
   */
  propagateConversationId?: boolean | undefined;
  /** Provider of the helpers' tracer. Default: the global one (`trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider | undefined;
}

export interface Settings {
  captureContent: boolean;
  maxContentLength: number;
  propagateConversationId: boolean;
  tracer: Tracer;
}

interface GlobalState {
  options: TracingOptions;
  settings: Settings | undefined;
}

// One state per process, not per module copy: the sdk may configure a different copy of this
// package (its own dependency) than the one the app imports.
const STATE_KEY = Symbol.for('@genai-otel/tracing.state');
const holder = globalThis as { [STATE_KEY]?: GlobalState };
holder[STATE_KEY] ??= { options: {}, settings: undefined };
const state: GlobalState = holder[STATE_KEY];

/**
 * Sets the helpers' options. Keys present in `options` replace earlier values (`undefined` goes
 * back to the default); keys left out stay as they were. Safe to call at any time.
 */
export function configureTracing(options: TracingOptions): void {
  state.options = { ...state.options, ...options };
  state.settings = undefined;
}

/** Everything back to the defaults (the environment is read again). */
export function resetTracingConfiguration(): void {
  state.options = {};
  state.settings = undefined;
}

/** Resolved once per configuration, so the hot path reads plain fields. */
export function settings(): Settings {
  if (state.settings === undefined) state.settings = resolve(state.options);
  return state.settings;
}

function resolve(options: TracingOptions): Settings {
  return {
    captureContent: resolveCaptureContent(options.captureMessageContent),
    maxContentLength: resolveMaxContentLength(options.maxContentLength, 'tracing'),
    propagateConversationId: options.propagateConversationId === true,
    // A ProxyTracer from the global provider follows a provider registered later.
    tracer: (options.tracerProvider ?? trace.getTracerProvider()).getTracer(pkg.name, pkg.version),
  };
}
