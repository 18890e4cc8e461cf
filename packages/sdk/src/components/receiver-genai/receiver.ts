import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CreateContext, Receiver } from '@genai-otel/component';
import {
  type DescriptorSettings,
  type InstrumentationDescriptor,
  resolveCaptureContent,
} from '@genai-otel/instrumentation-core';
import { configureTracing } from '@genai-otel/tracing';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import type { GenAIReceiverConfig } from './config.js';
import { instrumentationLoadErrors } from './discover.js';
import { createLogBridges } from './log-bridges.js';

/** The settings shared by every instrumentation, resolved from the receiver config. */
export interface InstrumentationSettings {
  captureMessageContent: boolean;
  maxContentLength?: number;
}

/**
 * The in-process receiver: switches on the GenAI instrumentations (and, given a LoggerProvider by
 * a logs pipeline, the pino and winston ones). Everything happens
 * synchronously in `start`, because under `node --import` the app's first `import` runs right
 * after and must already be hooked.
 */
export class GenAIReceiver implements Receiver {
  readonly #config: GenAIReceiverConfig;
  readonly #ctx: CreateContext;
  readonly #descriptors: readonly InstrumentationDescriptor[];
  #instrumentations: Instrumentation[] = [];
  #unregister: (() => void) | undefined;

  constructor(
    config: GenAIReceiverConfig,
    ctx: CreateContext,
    descriptors: readonly InstrumentationDescriptor[],
  ) {
    this.#config = config;
    this.#ctx = ctx;
    this.#descriptors = descriptors;
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
    for (const [pkg, error] of instrumentationLoadErrors()) {
      this.#ctx.log.once(`load:${pkg}`, 'error', `cannot load ${pkg}: ${String(error)}`);
    }
    const named = this.#config.instrumentations;
    const chosen =
      named === undefined
        ? this.#descriptors
        : this.#descriptors.filter((d) => named.includes(d.name));
    for (const descriptor of chosen) {
      // Named on purpose, but nothing to patch: said once (left out, it is simply idle).
      if (
        named !== undefined &&
        !descriptor.moduleOptional &&
        !moduleInstalled(descriptor.module)
      ) {
        this.#ctx.log.once(
          `missing:${descriptor.name}`,
          'warn',
          `instrumentation "${descriptor.name}": module ${descriptor.module} is not installed, so it has nothing to instrument`,
        );
      }
      try {
        this.#instrumentations.push(
          descriptor.create(descriptorSettings(settings, descriptor, this.#config)),
        );
      } catch (err) {
        // One broken instrumentation must not cost the app the others, nor its start.
        this.#ctx.log.error(`cannot enable instrumentation ${descriptor.name}: ${String(err)}`);
      }
    }
    // A logs pipeline takes the app's own records: pino and winston, when the app has them.
    if (providers.loggerProvider)
      this.#instrumentations.push(...createLogBridges(moduleInstalled, this.#ctx.log));
    this.#unregister = registerInstrumentations({
      instrumentations: this.#instrumentations,
      tracerProvider: providers.tracerProvider,
      meterProvider: providers.meterProvider,
      ...(providers.loggerProvider ? { loggerProvider: providers.loggerProvider } : {}),
    });
  }

  async shutdown(): Promise<void> {
    this.#unregister?.();
  }
}

function descriptorSettings(
  shared: InstrumentationSettings,
  descriptor: InstrumentationDescriptor,
  config: GenAIReceiverConfig,
): DescriptorSettings {
  const block = config[descriptor.name];
  const options = {
    ...descriptor.defaults,
    ...(block !== null && typeof block === 'object' ? block : {}),
  };
  return { ...shared, options };
}

/** Whether the app could load `module`: resolved from its working directory, as the app would. */
function moduleInstalled(module: string): boolean {
  try {
    createRequire(join(process.cwd(), 'noop.js')).resolve(module);
    return true;
  } catch {
    return false;
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
  return {
    captureMessageContent: resolveCaptureContent(config.capture_message_content, env),
    ...(config.max_content_length === undefined
      ? {}
      : { maxContentLength: config.max_content_length }),
  };
}
