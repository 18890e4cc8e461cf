/**
 * The shapes `@genai-otel/config` produces and the catalog it validates against.
 *
 * `config` never imports a component: the caller (the sdk's registry) hands it a catalog that
 * says which component types exist and how to validate each one's settings.
 */

export type ComponentKind = 'receiver' | 'processor' | 'exporter' | 'connector' | 'extension';

/** A signal a pipeline carries: `service.pipelines.<signal>[/<name>]`. */
export type Signal = 'traces' | 'metrics' | 'logs';

/** One problem found in a config file, positioned where a user can find it. */
export interface ConfigIssue {
  /** Path of the file, as given to the loader (or `<inline>`). */
  file: string;
  /** 1-based line and column of the offending node (or of its nearest existing parent). */
  line: number;
  column: number;
  /** YAML key path, e.g. `exporters.otlp_http/jaeger.timeout` (a `::`-free, dot-joined path). */
  path: string;
  message: string;
}

/** A component problem before it is positioned: `path` is relative to the component's own config. */
export interface ValidationIssue {
  path: readonly (string | number)[];
  message: string;
  /**
   * `key` when the issue is about the key itself (an unknown key, a badly formed id), so the error
   * points at the key rather than at its value. Defaults to `value`.
   */
  at?: 'key' | 'value';
}

/** What the catalog knows of one component type. Structurally satisfied by the sdk's factories. */
export interface ComponentTypeInfo {
  readonly kind: ComponentKind;
  readonly type: string;
  /** Older names that resolve to this type (e.g. `otlphttp` for `otlp_http`). */
  readonly aliases?: readonly string[];
  /** Signals it can serve in a pipeline (for connectors: `from` and `to`). */
  readonly signals: readonly Signal[];
  readonly connects?: { readonly from: Signal; readonly to: Signal };
  /** JSON Schema (draft 2020-12) of the component's settings; used for validation and editor completion. */
  readonly schema?: object;
  createDefaultConfig(): unknown;
  /** Checks beyond the schema. Never edits the config. */
  validate?(config: unknown): ValidationIssue[];
}

export interface ComponentCatalog {
  get(kind: ComponentKind, type: string): ComponentTypeInfo | undefined;
  types(kind: ComponentKind): readonly string[];
}

/** A configured component instance: `type[/name]` with its settings merged over the defaults. */
export interface ResolvedComponent {
  /** The id as written, e.g. `otlp_http/jaeger`. */
  id: string;
  /** The canonical type (aliases resolved), e.g. `otlp_http`. */
  type: string;
  name?: string;
  kind: ComponentKind;
  config: unknown;
}

export interface ResolvedPipeline {
  /** e.g. `traces` or `traces/llm`. */
  id: string;
  signal: Signal;
  receivers: string[];
  /** In the order written: they run in this order. */
  processors: string[];
  exporters: string[];
}

export interface ResolvedConfig {
  /** The file it came from, or `<inline>`. */
  file: string;
  receivers: Map<string, ResolvedComponent>;
  processors: Map<string, ResolvedComponent>;
  exporters: Map<string, ResolvedComponent>;
  connectors: Map<string, ResolvedComponent>;
  extensions: Map<string, ResolvedComponent>;
  pipelines: ResolvedPipeline[];
  /** Ids listed in `service.extensions`, in order: the extensions to start. */
  serviceExtensions: string[];
  /** `service.telemetry` as written (log level, resource): optional. */
  telemetry: { logs?: { level?: string }; resource?: Record<string, string> };
}

/** Environment used for `${env:VAR}` expansion. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

export interface LoadConfigOptions {
  /** The component types that exist (from the sdk's registry). */
  catalog: ComponentCatalog;
  /** Variables for `${env:VAR}` expansion; defaults to `process.env`. */
  env?: EnvSource;
}

export interface ParseConfigOptions extends LoadConfigOptions {
  /** Name used in error positions; defaults to `<inline>`. */
  file?: string;
}
