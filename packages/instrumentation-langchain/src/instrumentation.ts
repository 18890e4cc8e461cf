import { createRequire } from 'node:module';
import type { GenAIInstrumentationConfig } from '@genai-otel/instrumentation-core';
import { resolveCaptureContent, resolveMaxContentLength } from '@genai-otel/instrumentation-core';
import { context, diag } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  isWrapped,
} from '@opentelemetry/instrumentation';
import { GenAICallbackHandler, type HandlerSettings } from './handler.js';
import { bindRunMethods, type RunMethod } from './run-context.js';

// Read at load, from the package root both `src/` and `dist/` sit in: no generated version file.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The `@langchain/core` versions patched: the current major and the previous one. */
export const SUPPORTED_VERSIONS = ['>=0.3.0 <0.4.0', '>=1.0.0 <2.0.0'];

type Dict = Record<string, unknown>;
type Fn = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The classes whose run-work methods are bound to the run's span context (see run-context.ts),
 * by the file that defines the base class, the base method whose call triggers the binding, and
 * the subclass methods bound.
 */
interface BodyHook {
  readonly file: string;
  readonly exportName: string;
  readonly entries: readonly string[];
  readonly methods: readonly RunMethod[];
}

const MODEL_METHODS: readonly RunMethod[] = [
  { name: '_generate', runManagerArg: 2 },
  { name: '_call', runManagerArg: 2 },
  { name: '_streamResponseChunks', runManagerArg: 2, generator: true },
];

const BODY_HOOKS: readonly BodyHook[] = [
  {
    file: 'dist/language_models/chat_models',
    exportName: 'BaseChatModel',
    entries: ['_generateUncached', '_streamIterator'],
    methods: MODEL_METHODS,
  },
  {
    file: 'dist/language_models/llms',
    exportName: 'BaseLLM',
    entries: ['_generateUncached', '_streamIterator'],
    methods: MODEL_METHODS,
  },
  {
    file: 'dist/retrievers/index',
    exportName: 'BaseRetriever',
    entries: ['invoke'],
    methods: [{ name: '_getRelevantDocuments', runManagerArg: 1 }],
  },
  {
    file: 'dist/tools/index',
    exportName: 'StructuredTool',
    entries: ['call'],
    methods: [{ name: '_call', runManagerArg: 1 }],
  },
];

/** Options of {@link LangChainInstrumentation}: the content switches every instrumentation has. */
export type LangChainInstrumentationConfig = GenAIInstrumentationConfig;

/**
 * OpenTelemetry instrumentation of LangChain.js (`@langchain/core` 0.3 and 1.x) and so of
 * LangGraph, which runs on its callbacks. Three hooks, in ESM and CommonJS copies alike:
 * - `CallbackManager._configureSync` (every run configures its callbacks through it) adds our
 *   awaited callback handler, which makes the spans;
 * - `AsyncLocalStorageProviderSingleton.runWithConfig` (how a runnable runs its body and a
 *   LangGraph node its function) runs the body in the parent run's span context;
 * - the base classes of chat models, LLMs, retrievers and tools bind their subclasses' work
 *   methods to their run's span context, so the provider SDK's span nests in the `chat` span.
 */
export class LangChainInstrumentation extends InstrumentationBase<LangChainInstrumentationConfig> {
  private settings!: HandlerSettings;
  readonly handler = new GenAICallbackHandler(
    () => this.tracer,
    () => this.settings,
  );

  constructor(config: LangChainInstrumentationConfig = {}) {
    super(pkg.name, pkg.version, config);
    this.settings = resolveSettings(this._config);
  }

  override setConfig(config: LangChainInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.settings = resolveSettings(this._config);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    const files: InstrumentationNodeModuleFile[] = [];
    for (const ext of ['js', 'cjs']) {
      files.push(
        this.file(`dist/callbacks/manager.${ext}`, (m) => this.patchManager(m)),
        this.file(`dist/singletons/async_local_storage/index.${ext}`, (m) => this.patchStorage(m)),
      );
      for (const hook of BODY_HOOKS)
        files.push(this.file(`${hook.file}.${ext}`, (m) => this.patchBase(m, hook)));
    }
    return [
      new InstrumentationNodeModuleDefinition(
        '@langchain/core',
        SUPPORTED_VERSIONS,
        undefined,
        undefined,
        files,
      ),
    ];
  }

  private file(path: string, patch: (exports: Dict) => void): InstrumentationNodeModuleFile {
    return new InstrumentationNodeModuleFile(
      `@langchain/core/${path}`,
      SUPPORTED_VERSIONS,
      (exports: unknown) => {
        try {
          if (exports !== null && typeof exports === 'object') patch(exports as Dict);
        } catch (error) {
          diag.debug(`genai-otel langchain: patching ${path} failed`, error);
        }
        return exports;
      },
      (exports: unknown) => this.unpatchFile(path, exports as Dict | undefined),
    );
  }

  /** Every callback manager LangChain configures gets our handler (inheritable: child runs too). */
  private patchManager(exports: Dict): void {
    const manager = exports.CallbackManager as Dict | undefined;
    if (typeof manager?._configureSync !== 'function') return;
    const handler = this.handler;
    const instrumentation = this;
    this._wrap(manager, '_configureSync', (wrapped: unknown) => {
      const original = wrapped as Fn;
      return function configure(this: unknown, ...args: unknown[]): unknown {
        if (instrumentation.isEnabled()) {
          try {
            args[0] = withHandler(args[0], handler);
          } catch (error) {
            diag.debug('genai-otel langchain: adding the callback handler failed', error);
          }
        }
        return original.apply(this, args);
      };
    });
  }

  /** A runnable's body (and a LangGraph node's function) runs in its run's span context. */
  private patchStorage(exports: Dict): void {
    const storage = exports.AsyncLocalStorageProviderSingleton as Dict | undefined;
    if (typeof storage?.runWithConfig !== 'function') return;
    const handler = this.handler;
    this._wrap(storage, 'runWithConfig', (wrapped: unknown) => {
      const original = wrapped as Fn;
      return function runWithConfig(this: unknown, ...args: unknown[]): unknown {
        const callbacks = (
          args[0] as { callbacks?: { getParentRunId?: () => unknown } } | undefined
        )?.callbacks;
        let parentRunId: unknown;
        try {
          parentRunId = callbacks?.getParentRunId?.();
        } catch {
          parentRunId = undefined;
        }
        const ctx = handler.contextOf(parentRunId);
        return ctx === undefined
          ? original.apply(this, args)
          : context.with(ctx, original, this, ...args);
      };
    });
  }

  /** On the first call through a base class, binds the calling class's work methods. */
  private patchBase(exports: Dict, hook: BodyHook): void {
    const base = (exports[hook.exportName] as { prototype?: Dict } | undefined)?.prototype;
    if (base === undefined) return;
    const handler = this.handler;
    for (const entry of hook.entries) {
      if (typeof base[entry] !== 'function') continue;
      this._wrap(base, entry, (wrapped: unknown) => {
        const original = wrapped as Fn;
        return function entryPoint(this: unknown, ...args: unknown[]): unknown {
          try {
            if (this !== null && typeof this === 'object')
              bindRunMethods(this, base, hook.methods, handler);
          } catch (error) {
            diag.debug(`genai-otel langchain: binding ${hook.exportName} methods failed`, error);
          }
          return original.apply(this, args);
        };
      });
    }
  }

  private unpatchFile(path: string, exports: Dict | undefined): void {
    if (exports === undefined) return;
    if (path.startsWith('dist/callbacks/manager'))
      this.unwrap(exports.CallbackManager as Dict | undefined, '_configureSync');
    else if (path.startsWith('dist/singletons/'))
      this.unwrap(exports.AsyncLocalStorageProviderSingleton as Dict | undefined, 'runWithConfig');
    else {
      for (const hook of BODY_HOOKS) {
        if (!path.startsWith(hook.file)) continue;
        const base = (exports[hook.exportName] as { prototype?: Dict } | undefined)?.prototype;
        for (const entry of hook.entries) this.unwrap(base, entry);
      }
    }
  }

  /**
   * Unwraps only our own wrapper: another instrumentation may have replaced the method since
   * (OpenLLMetry's assigns `_configureSync` directly), and unwrapping that would print a warning.
   */
  private unwrap(target: Dict | undefined, method: string): void {
    if (target !== undefined && isWrapped(target[method])) this._unwrap(target, method);
  }
}

function resolveSettings(config: LangChainInstrumentationConfig): HandlerSettings {
  return {
    captureContent: resolveCaptureContent(config.captureMessageContent),
    maxContentLength: resolveMaxContentLength(config.maxContentLength, 'langchain'),
  };
}

interface ManagerLike {
  handlers?: unknown[];
  addHandler?(handler: unknown, inherit?: boolean): void;
}

/**
 * `_configureSync`'s inheritable handlers with ours among them: a list (copied, the caller's is
 * left alone) or a callback manager (ours added, inheritable, once).
 */
export function withHandler(handlers: unknown, handler: GenAICallbackHandler): unknown {
  if (handlers === undefined || handlers === null) return [handler];
  if (Array.isArray(handlers))
    return handlers.includes(handler) ? handlers : [...handlers, handler];
  const manager = handlers as ManagerLike;
  if (typeof manager.addHandler === 'function' && !manager.handlers?.includes(handler))
    manager.addHandler(handler, true);
  return handlers;
}
