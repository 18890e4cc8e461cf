import { createRequire } from 'node:module';
import type { GenAIInstrumentationConfig } from '@genai-otel/instrumentation-core';
import {
  resolveCaptureContent,
  resolveMaxContentLength,
} from '@genai-otel/instrumentation-core/rules';
import { diag } from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  isWrapped,
} from '@opentelemetry/instrumentation';
import { AgentsBridge } from './bridge.js';
import { installStorage } from './context-storage.js';
import type { AgentsCoreExports, AgentsSpan, AgentsTrace } from './sdk-types.js';
import type { ContentSettings } from './span-mapping.js';

// Read at load, from the package root both `src/` and `dist/` sit in: no generated version file.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The module patched: the SDK's core, which `@openai/agents` re-exports. */
export const AGENTS_CORE_MODULE = '@openai/agents-core';
/**
 * Versions bridged: 0.14 added the task/turn spans' lifecycle we rely on and the public
 * `setTracingContextStorage` the context bridge goes through; 0.x only (closed range).
 */
export const SUPPORTED_VERSIONS = ['>=0.14.0 <1'];

type Method = (this: unknown, ...args: unknown[]) => unknown;
type Proto = Record<string, unknown>;

/**
 * OpenTelemetry bridge for the OpenAI Agents SDK: every SDK trace and span becomes a GenAI
 * convention span (workflow, `invoke_agent`, `execute_tool`, handoff, guardrail, model call) as it
 * starts and ends, and OpenTelemetry's context follows the SDK's current span so the calls made
 * inside (the openai SDK's, a tool's) nest under it. The SDK's own trace processors and exporter
 * are left exactly as the app configured them.
 */
export class OpenAIAgentsInstrumentation extends InstrumentationBase<GenAIInstrumentationConfig> {
  private content!: ContentSettings;
  private readonly bridge: AgentsBridge;
  private restoreStorage: (() => void) | undefined;

  constructor(config: GenAIInstrumentationConfig = {}) {
    super(pkg.name, pkg.version, config);
    this.content = this.resolveContent(this._config);
    this.bridge = new AgentsBridge(
      () => this.tracer,
      () => this.content,
    );
  }

  override setConfig(config: GenAIInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.content = this.resolveContent(this._config);
  }

  private resolveContent(config: GenAIInstrumentationConfig): ContentSettings {
    return {
      captureContent: resolveCaptureContent(config.captureMessageContent),
      maxContentLength: resolveMaxContentLength(config.maxContentLength, 'openai-agents'),
    };
  }

  /** Spans the bridge still holds open (a finished run leaves none). */
  get openSpans(): number {
    return this.bridge.open;
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    return [
      new InstrumentationNodeModuleDefinition(
        AGENTS_CORE_MODULE,
        [...SUPPORTED_VERSIONS],
        (moduleExports: unknown) => {
          this.patch(moduleExports as AgentsCoreExports);
          return moduleExports;
        },
        (moduleExports: unknown) => this.unpatch(moduleExports as AgentsCoreExports),
      ),
    ];
  }

  private patch(sdk: AgentsCoreExports): void {
    const span = sdk?.Span?.prototype as Proto | undefined;
    const tr = sdk?.Trace?.prototype as Proto | undefined;
    if (!span || !tr || typeof span.start !== 'function' || typeof tr.start !== 'function') {
      diag.debug('genai-otel openai-agents: no Span/Trace classes to patch');
      return;
    }
    const bridge = this.bridge;
    const guard = (what: string, fn: () => void) => {
      try {
        fn();
      } catch (error) {
        // Telemetry never breaks the app: a span we cannot map is a span we do not emit.
        diag.debug(`genai-otel openai-agents: ${what} failed`, error);
      }
    };
    this.wrapAfter(span, 'start', (s) =>
      guard('span start', () => bridge.spanStarted(s as AgentsSpan)),
    );
    this.wrapAfter(span, 'end', (s) => guard('span end', () => bridge.spanEnded(s as AgentsSpan)));
    this.wrapBefore(tr, 'start', (t) =>
      guard('trace start', () => bridge.traceStarted(t as AgentsTrace)),
    );
    this.wrapBefore(tr, 'end', (t) =>
      guard('trace end', () => bridge.traceEnded(t as AgentsTrace)),
    );
    this.restoreStorage ??= installStorage(sdk, bridge);
  }

  private unpatch(sdk: AgentsCoreExports): void {
    const span = sdk?.Span?.prototype as Proto | undefined;
    const tr = sdk?.Trace?.prototype as Proto | undefined;
    for (const [proto, method] of [
      [span, 'start'],
      [span, 'end'],
      [tr, 'start'],
      [tr, 'end'],
    ] as const) {
      if (proto && isWrapped(proto[method])) this._unwrap(proto, method);
    }
    this.restoreStorage?.();
    this.restoreStorage = undefined;
  }

  /** `proto[method]` calls `hook(this)` after the original (a span's start time is set first). */
  private wrapAfter(proto: Proto, method: string, hook: (self: unknown) => void): void {
    if (isWrapped(proto[method])) return;
    const instrumentation = this;
    this._wrap(proto, method, (original: unknown) => {
      return function wrapped(this: unknown, ...args: unknown[]) {
        const result = (original as Method).apply(this, args);
        if (instrumentation.isEnabled()) hook(this);
        return result;
      };
    });
  }

  /**
   * `proto[method]` calls `hook(this)` before the original: a trace's `start()` is async and
   * awaits the SDK's processors, and its spans must find it already mapped.
   */
  private wrapBefore(proto: Proto, method: string, hook: (self: unknown) => void): void {
    if (isWrapped(proto[method])) return;
    const instrumentation = this;
    this._wrap(proto, method, (original: unknown) => {
      return function wrapped(this: unknown, ...args: unknown[]) {
        if (instrumentation.isEnabled()) hook(this);
        return (original as Method).apply(this, args);
      };
    });
  }
}
