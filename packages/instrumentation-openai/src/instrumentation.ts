import { createRequire } from 'node:module';
import { ENV_CAPTURE_MESSAGE_CONTENT } from '@genai-otel/semantic-conventions';
import { diag } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { tracedCall } from './call.js';
import { chatCompletions } from './chat-completions.js';
import { embeddings } from './embeddings.js';
import type { ApiHandler, CreateFn, ResourceLike, Settings } from './internal-types.js';
import { responses } from './responses.js';
import type { OpenAIInstrumentationConfig } from './types.js';

// Read at load, from the package root both `src/` and `dist/` sit in: no generated version file.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

export const DEFAULT_MAX_CONTENT_LENGTH = 16 * 1024;
const SUPPORTED_VERSIONS = ['>=6 <8'];

interface Patchable {
  create: CreateFn;
}

/** The classes whose `create` we patch, as both majors expose them on `OpenAI`. */
function targets(moduleExports: unknown): [Patchable | undefined, ApiHandler][] {
  const exports = moduleExports as { OpenAI?: unknown; default?: unknown } | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: the SDK is a dev dependency, never a value import.
  const OpenAI = (exports?.OpenAI ?? exports?.default) as any;
  return [
    [OpenAI?.Chat?.Completions?.prototype, chatCompletions],
    [OpenAI?.Responses?.prototype, responses],
    [OpenAI?.Embeddings?.prototype, embeddings],
  ];
}

function resolveSettings(config: OpenAIInstrumentationConfig): Settings {
  const captureContent =
    config.captureMessageContent ??
    process.env[ENV_CAPTURE_MESSAGE_CONTENT]?.trim().toLowerCase() === 'true';
  let maxContentLength = config.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
  if (!(Number.isFinite(maxContentLength) && maxContentLength >= 1)) {
    diag.warn(
      `genai-otel openai: maxContentLength ${String(maxContentLength)} is not a positive number; using ${DEFAULT_MAX_CONTENT_LENGTH}`,
    );
    maxContentLength = DEFAULT_MAX_CONTENT_LENGTH;
  }
  return {
    captureContent,
    maxContentLength: Math.floor(maxContentLength),
    streamUsage: config.streamUsage === true,
  };
}

/**
 * OpenTelemetry instrumentation of the `openai` SDK (>=6 <8): GenAI-convention CLIENT spans for
 * `chat.completions.create`, `responses.create` and `embeddings.create`, streamed or not.
 */
export class OpenAIInstrumentation extends InstrumentationBase<OpenAIInstrumentationConfig> {
  // Assigned by setConfig, which the base constructor already calls.
  private settings!: Settings;
  /**
   * Every copy of the SDK we patched. The base class remembers only the last one loaded, so
   * with two copies in one process (two majors, or nested installs) its disable() would
   * leave the first patched.
   */
  private readonly patchedModules = new Set<unknown>();
  private readonly ownWrappers = new WeakSet<CreateFn>();

  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(pkg.name, pkg.version, config);
    this.settings = resolveSettings(this._config);
  }

  /** Re-reads the options (and the content-capture environment variable when the option is unset). */
  override setConfig(config: OpenAIInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.settings = resolveSettings(this._config);
  }

  protected init(): InstrumentationNodeModuleDefinition {
    return new InstrumentationNodeModuleDefinition(
      'openai',
      SUPPORTED_VERSIONS,
      (moduleExports: unknown) => {
        this.patchModule(moduleExports);
        return moduleExports;
      },
      (moduleExports: unknown) => this.unpatchModule(moduleExports),
    );
  }

  override enable(): void {
    super.enable();
    // Undefined while the base constructor runs; nothing is patched yet then.
    for (const moduleExports of this.patchedModules ?? []) this.patchModule(moduleExports);
  }

  override disable(): void {
    super.disable();
    for (const moduleExports of this.patchedModules ?? []) this.unpatchModule(moduleExports);
  }

  private patchModule(moduleExports: unknown): void {
    for (const [proto, handler] of targets(moduleExports)) {
      if (typeof proto?.create !== 'function') {
        diag.debug(`genai-otel openai: no ${handler.operation} create() to patch`);
        continue;
      }
      if (this.ownWrappers.has(proto.create)) continue;
      this._wrap(proto, 'create', (original) => {
        const wrapper = this.patchCreate(original, handler);
        this.ownWrappers.add(wrapper);
        return wrapper;
      });
    }
    this.patchedModules.add(moduleExports);
  }

  private unpatchModule(moduleExports: unknown): void {
    for (const [proto] of targets(moduleExports)) {
      if (proto && this.ownWrappers.has(proto.create)) this._unwrap(proto, 'create');
    }
  }

  private patchCreate(original: CreateFn, handler: ApiHandler): CreateFn {
    const instrumentation = this;
    return function create(this: ResourceLike, ...args: unknown[]): unknown {
      if (!instrumentation.isEnabled()) return original.apply(this, args);
      return tracedCall(
        instrumentation.tracer,
        instrumentation.settings,
        handler,
        original,
        this,
        args,
      );
    };
  }
}
