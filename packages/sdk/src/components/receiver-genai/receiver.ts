import type { CreateContext, Receiver } from '@genai-otel/component';
import { ENV_CAPTURE_MESSAGE_CONTENT } from '@genai-otel/semantic-conventions';
import { configureTracing } from '@genai-otel/tracing';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import type { GenAIReceiverConfig } from './config.js';
import { type InstrumentationSettings, KNOWN_INSTRUMENTATIONS } from './instrumentations.js';

/**
 * The in-process receiver: switches on the GenAI instrumentations. Everything happens
 * synchronously in `start`, because under `node --import` the app's first `import` runs right
 * after and must already be hooked.
 */
export class GenAIReceiver implements Receiver {
  readonly #config: GenAIReceiverConfig;
  readonly #ctx: CreateContext;
  #instrumentations: Instrumentation[] = [];
  #unregister: (() => void) | undefined;

  constructor(config: GenAIReceiverConfig, ctx: CreateContext) {
    this.#config = config;
    this.#ctx = ctx;
  }

  /** The instrumentation objects, once started (for tests and introspection). */
  get instrumentations(): readonly Instrumentation[] {
    return this.#instrumentations;
  }

  start(providers: Parameters<Receiver['start']>[0]): void {
    if (this.#unregister) return;
    const settings = resolveSettings(this.#config, this.#ctx.env);
    // The manual API (withAgent, withTool, …) follows the same content settings as the SDK
    // instrumentations, and uses this provider even if the app never set a global one.
    configureTracing({
      captureMessageContent: settings.captureMessageContent,
      maxContentLength: settings.maxContentLength,
      tracerProvider: providers.tracerProvider,
    });
    for (const name of this.#config.instrumentations ?? []) {
      const make = KNOWN_INSTRUMENTATIONS[name];
      if (!make) continue; // validate() already reported it
      try {
        this.#instrumentations.push(make(settings));
      } catch (err) {
        // One broken instrumentation must not cost the app the others, nor its start.
        this.#ctx.log.error(`cannot enable instrumentation ${name}: ${String(err)}`);
      }
    }
    this.#unregister = registerInstrumentations({
      instrumentations: this.#instrumentations,
      tracerProvider: providers.tracerProvider,
      meterProvider: providers.meterProvider,
    });
  }

  async shutdown(): Promise<void> {
    this.#unregister?.();
  }
}

/**
 * The receiver's YAML as instrumentation settings. Content capture: the YAML's value when it has
 * one, else the environment — the precedence the instrumentations' own option has, so an explicit
 * `false` (a shared backend, no redaction) cannot be undone by a variable set elsewhere.
 */
export function resolveSettings(
  config: GenAIReceiverConfig,
  env: CreateContext['env'],
): InstrumentationSettings {
  const fromEnv = env[ENV_CAPTURE_MESSAGE_CONTENT]?.trim().toLowerCase() === 'true';
  return {
    captureMessageContent: config.capture_message_content ?? fromEnv,
    ...(config.max_content_length === undefined
      ? {}
      : { maxContentLength: config.max_content_length }),
    openai: { streamUsage: config.openai?.stream_usage ?? false },
  };
}
