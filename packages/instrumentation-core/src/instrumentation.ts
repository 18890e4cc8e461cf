import { diag } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { tracedCall } from './call.js';
import { resolveCaptureContent, resolveMaxContentLength } from './settings.js';
import type {
  ApiHandler,
  CallRouter,
  CreateFn,
  GenAIInstrumentationConfig,
  ProviderSpec,
  ResourceLike,
  Settings,
} from './types.js';

type Patchable = Record<string, unknown>;

/**
 * The one engine of every genai-otel LLM client instrumentation: patching (every loaded copy of
 * the module, CommonJS and ESM), span lifecycle, context, fallback to the original call, promise
 * and stream following, errors and settings. A provider package subclasses it with its
 * `ProviderSpec` (where to patch, how to read an endpoint) and its API handlers, nothing else —
 * the shape of js-contrib's aws-sdk `ServicesExtensions`.
 */
export abstract class GenAIInstrumentation<
  Config extends GenAIInstrumentationConfig = GenAIInstrumentationConfig,
> extends InstrumentationBase<Config> {
  // Assigned by setConfig, which the base constructor already calls.
  private settings!: Settings;
  /**
   * Every copy of the SDK we patched. The base class remembers only the last one loaded, so
   * with two copies in one process (two majors, or nested installs) its disable() would
   * leave the first patched.
   */
  private readonly patchedModules = new Map<unknown, ProviderSpec>();
  private readonly ownWrappers = new WeakSet<CreateFn>();

  constructor(name: string, version: string, config: Config) {
    super(name, version, config);
    this.settings = this.resolveSettings(this._config);
  }

  /**
   * The provider: where to patch and how to read an endpoint; several when the provider's SDK
   * is several modules (Bedrock's runtime and agent runtime clients). A method returning a
   * module constant, because the base constructor already asks for it (through `init()`).
   */
  protected abstract get spec(): ProviderSpec | readonly ProviderSpec[];

  private get specs(): readonly ProviderSpec[] {
    const spec = this.spec;
    return Array.isArray(spec) ? spec : [spec as ProviderSpec];
  }

  /**
   * The provider's own switches, resolved once per `setConfig` (`Settings.provider`). Called by
   * the base constructor too: read only `config`.
   */
  protected providerSettings(_config: Config): Readonly<Record<string, unknown>> | undefined {
    return undefined;
  }

  /** Re-reads the options (and the content-capture environment variable when the option is unset). */
  override setConfig(config: Config = {} as Config): void {
    super.setConfig(config);
    this.settings = this.resolveSettings(this._config);
  }

  private resolveSettings(config: Config): Settings {
    return {
      captureContent: resolveCaptureContent(config.captureMessageContent),
      maxContentLength: resolveMaxContentLength(config.maxContentLength, this.specs[0]!.name),
      provider: this.providerSettings(config),
    };
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return this.specs.map(
      (spec) =>
        new InstrumentationNodeModuleDefinition(
          spec.module,
          [...spec.versions],
          (moduleExports: unknown) => {
            this.patchModule(spec, moduleExports);
            return moduleExports;
          },
          (moduleExports: unknown) => this.unpatchModule(spec, moduleExports),
        ),
    );
  }

  override enable(): void {
    super.enable();
    // Undefined while the base constructor runs; nothing is patched yet then.
    for (const [moduleExports, spec] of this.patchedModules ?? [])
      this.patchModule(spec, moduleExports);
  }

  override disable(): void {
    super.disable();
    for (const [moduleExports, spec] of this.patchedModules ?? [])
      this.unpatchModule(spec, moduleExports);
  }

  private patchModule(spec: ProviderSpec, moduleExports: unknown): void {
    for (const { proto, method, handler } of spec.targets(moduleExports)) {
      const target = proto as Patchable | undefined;
      const current = target?.[method];
      if (typeof current !== 'function') {
        diag.debug(`genai-otel ${spec.name}: no ${method}() to patch`);
        continue;
      }
      if (this.ownWrappers.has(current as CreateFn)) continue;
      this._wrap(target as Patchable, method, (original: unknown) => {
        const wrapper = this.patchMethod(spec, original as CreateFn, handler);
        this.ownWrappers.add(wrapper);
        return wrapper;
      });
    }
    this.patchedModules.set(moduleExports, spec);
  }

  private unpatchModule(spec: ProviderSpec, moduleExports: unknown): void {
    for (const { proto, method } of spec.targets(moduleExports)) {
      const target = proto as Patchable | undefined;
      if (target && this.ownWrappers.has(target[method] as CreateFn)) this._unwrap(target, method);
    }
  }

  private patchMethod(
    spec: ProviderSpec,
    original: CreateFn,
    handler: ApiHandler | CallRouter,
  ): CreateFn {
    const instrumentation = this;
    if (typeof handler === 'function') {
      // A generic method (an AWS client's `send`): the router says per call which API it is.
      return function send(this: ResourceLike, ...args: unknown[]): unknown {
        if (!instrumentation.isEnabled()) return original.apply(this, args);
        let route: ReturnType<CallRouter>;
        try {
          route = handler(args, this, instrumentation.settings);
        } catch (bookkeeping) {
          diag.debug(`genai-otel ${spec.name}: routing a call failed`, bookkeeping);
          route = undefined;
        }
        if (route === undefined) return original.apply(this, args);
        const { settings, tracer } = instrumentation;
        return tracedCall(tracer, settings, spec, route.handler, original, this, args, route);
      };
    }
    return function create(this: ResourceLike, ...args: unknown[]): unknown {
      if (!instrumentation.isEnabled()) return original.apply(this, args);
      return tracedCall(
        instrumentation.tracer,
        instrumentation.settings,
        spec,
        handler,
        original,
        this,
        args,
      );
    };
  }
}
