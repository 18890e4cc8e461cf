import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  capContent,
  resolveCaptureContent,
  resolveMaxContentLength,
} from '@genai-otel/instrumentation-core/rules';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_MCP_PROTOCOL_VERSION,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import {
  type Attributes,
  type Context,
  context,
  type Link,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  isWrapped,
} from '@opentelemetry/instrumentation';
import { Hook } from 'require-in-the-middle';
import {
  recordFailure,
  recordResult,
  requestAttributes,
  spanName,
  transportAttributes,
} from './attributes.js';
import type {
  Handler,
  HandlerExtra,
  McpRequest,
  ProtocolLike,
  RequestFn,
  SetRequestHandlerFn,
} from './internal-types.js';
import { contextFromMeta, withTraceMeta } from './meta.js';
import type { McpInstrumentationConfig } from './types.js';

// Read at load, from the package root both `src/` and `dist/` sit in: no generated version file.
const require = createRequire(import.meta.url);
const pkg = require('../package.json') as { name: string; version: string };

export const MODULE = '@modelcontextprotocol/sdk';
/** The SDK majors patched. */
export const SUPPORTED_VERSIONS = ['>=1.0.0 <2'];
/**
 * Every Client and Server is a `Protocol`: its `request` sends, its handlers receive. The ES
 * module is hooked as a file of the package (import-in-the-middle). The CommonJS one cannot be:
 * the package's `"."` export names a file it does not ship, so require-in-the-middle's shared
 * hook, which resolves the package's main to tell internal files apart, gives up on every file
 * of it; a hook of our own names the file itself (`enable`).
 */
const ESM_FILE = 'dist/esm/shared/protocol.js';
const CJS_FILE = `${MODULE}/dist/cjs/shared/protocol`;

interface ProtocolModule {
  Protocol?: { prototype: { request?: RequestFn; setRequestHandler?: SetRequestHandlerFn } };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * OpenTelemetry instrumentation of `@modelcontextprotocol/sdk` 1.x, per the MCP semantic
 * conventions: a CLIENT span for every request a `Protocol` (a Client, or a Server asking its
 * client) sends, a SERVER span for every request its handlers answer; `tools/call` spans are
 * `execute_tool` with `gen_ai.tool.name`. The sender's context travels in `params._meta`, so the
 * server's span is the client's span's child, whatever the transport. Metrics are not recorded
 * here: the `genai_metrics` connector derives `mcp.{client,server}.operation.duration` from the
 * spans, as it does every GenAI metric (exact under sampling).
 */
export class McpInstrumentation extends InstrumentationBase<McpInstrumentationConfig> {
  // `declare`d, never initialised here: the base constructor already calls setConfig and enable,
  // and a class field would be reset to undefined after it.
  /** The protocol version each Client / Server negotiated (told by `initialize`'s result). */
  declare private versions: WeakMap<object, string>;
  declare private capture: boolean;
  declare private maxContent: number;
  /** The CommonJS copies patched (kept across disable/enable: require caches them). */
  declare private cjsModules: Set<ProtocolModule>;
  declare private cjsHook: Hook | undefined;

  constructor(config: McpInstrumentationConfig = {}) {
    super(pkg.name, pkg.version, config);
    this.versions = new WeakMap();
  }

  override setConfig(config: McpInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.capture = resolveCaptureContent(config.captureMessageContent);
    this.maxContent = resolveMaxContentLength(config.maxContentLength, 'instrumentation-mcp');
  }

  protected init() {
    const file = new InstrumentationNodeModuleFile(
      `${MODULE}/${ESM_FILE}`,
      SUPPORTED_VERSIONS,
      (exports: ProtocolModule) => this.#patch(exports),
      (exports: ProtocolModule) => this.#unpatch(exports),
    );
    return [
      new InstrumentationNodeModuleDefinition(MODULE, SUPPORTED_VERSIONS, undefined, undefined, [
        file,
      ]),
    ];
  }

  override enable(): void {
    super.enable();
    // Called by the base constructor too, before the constructor body: fields may be unset.
    this.cjsModules ??= new Set();
    for (const exports of this.cjsModules) this.#patch(exports);
    this.cjsHook ??= new Hook([CJS_FILE], { internals: true }, (exports, _name, basedir) => {
      if (isSupportedMajor(basedir)) {
        this.cjsModules.add(exports as ProtocolModule);
        this.#patch(exports as ProtocolModule);
      }
      return exports;
    });
  }

  override disable(): void {
    super.disable();
    this.cjsHook?.unhook();
    this.cjsHook = undefined;
    for (const exports of this.cjsModules ?? []) this.#unpatch(exports);
  }

  #patch(exports: ProtocolModule): ProtocolModule {
    const proto = exports?.Protocol?.prototype;
    if (proto === undefined) return exports;
    if (typeof proto.request === 'function' && !isWrapped(proto.request))
      this._wrap(proto, 'request', (original) => this.#patchedRequest(original as RequestFn));
    if (typeof proto.setRequestHandler === 'function' && !isWrapped(proto.setRequestHandler))
      this._wrap(proto, 'setRequestHandler', (original) =>
        this.#patchedSetRequestHandler(original as SetRequestHandlerFn),
      );
    return exports;
  }

  #unpatch(exports: ProtocolModule): void {
    const proto = exports?.Protocol?.prototype;
    if (proto === undefined) return;
    if (isWrapped(proto.request)) this._unwrap(proto, 'request');
    if (isWrapped(proto.setRequestHandler)) this._unwrap(proto, 'setRequestHandler');
  }

  /** The sender's side: a CLIENT span around the request, its context in `params._meta`. */
  #patchedRequest(original: RequestFn): RequestFn {
    const self = this;
    return function request(this: ProtocolLike, req, resultSchema, options) {
      let span: Span | undefined;
      let method: string | undefined;
      let sent = req;
      let ctx = context.active();
      try {
        method = str(req?.method);
        if (method !== undefined) {
          const attrs = requestAttributes(method, req, this._requestMessageId);
          transportAttributes(this._transport, undefined, self.versions.get(this), attrs, true);
          if (self.capture && method === 'tools/call') self.#putArguments(req, attrs);
          const outer = method === 'tools/call' ? outerToolSpan(ctx) : undefined;
          if (outer !== undefined) {
            // The conventions: an execute_tool span around the call (a framework's tool that
            // calls MCP) gets the MCP attributes, and no second span is made.
            addMissing(outer, attrs);
            sent = withTraceMeta(req, ctx);
            return original.call(this, sent, resultSchema, options);
          }
          span = self.tracer.startSpan(spanName(method, req), {
            kind: SpanKind.CLIENT,
            attributes: attrs,
          });
          ctx = trace.setSpan(ctx, span);
          sent = withTraceMeta(req, ctx);
        }
      } catch {
        span?.end();
        span = undefined;
        sent = req;
      }
      if (span === undefined) return original.call(this, req, resultSchema, options);
      const started = span;
      const m = method as string;
      const out = context.with(ctx, () => original.call(this, sent, resultSchema, options));
      return self.#settle(out, this, started, m);
    };
  }

  /** The receiver's side: every handler registered runs inside a SERVER span. */
  #patchedSetRequestHandler(original: SetRequestHandlerFn): SetRequestHandlerFn {
    const self = this;
    return function setRequestHandler(this: ProtocolLike, schema, handler) {
      const wrapped = typeof handler === 'function' ? self.#wrapHandler(this, handler) : handler;
      return original.call(this, schema, wrapped);
    };
  }

  #wrapHandler(protocol: ProtocolLike, handler: Handler): Handler {
    const self = this;
    return function handle(this: unknown, req: McpRequest, extra: HandlerExtra) {
      // Registered while enabled, the wrapper stays: it must follow a later disable().
      if (!self.isEnabled()) return handler.call(this, req, extra);
      let span: Span | undefined;
      let method: string | undefined;
      let ctx = context.active();
      try {
        method = str(req?.method);
        if (method !== undefined) {
          const attrs = requestAttributes(method, req, extra?.requestId ?? req?.id);
          const version = self.versions.get(protocol) ?? headerVersion(extra);
          transportAttributes(protocol._transport, extra?.sessionId, version, attrs, false);
          if (self.capture && method === 'tools/call') self.#putArguments(req, attrs);
          // The sender's span is the parent whatever the transport; the ambient one (an HTTP
          // request's server span) is linked, as the conventions ask.
          const remote = contextFromMeta(req, ctx);
          let links: Link[] | undefined;
          if (remote !== undefined) {
            const ambient = trace.getSpanContext(ctx);
            if (ambient !== undefined) links = [{ context: ambient }];
            ctx = remote;
          }
          span = self.tracer.startSpan(
            spanName(method, req),
            { kind: SpanKind.SERVER, attributes: attrs, links },
            ctx,
          );
          ctx = trace.setSpan(ctx, span);
        }
      } catch {
        span?.end();
        span = undefined;
      }
      if (span === undefined) return handler.call(this, req, extra);
      const started = span;
      const m = method as string;
      let out: unknown;
      try {
        out = context.with(ctx, () => handler.call(this, req, extra));
      } catch (error) {
        recordFailure(started, error);
        started.end();
        throw error;
      }
      return self.#settle(Promise.resolve(out), protocol, started, m);
    };
  }

  /** The same promise's outcome, once the span is ended by it (a failure is rethrown). */
  #settle(out: Promise<unknown>, protocol: object, span: Span, method: string): Promise<unknown> {
    return out.then(
      (result) => {
        this.#finish(protocol, span, method, result);
        return result;
      },
      (error: unknown) => {
        try {
          recordFailure(span, error);
        } finally {
          span.end();
        }
        throw error;
      },
    );
  }

  /** Ends a span whose request got a result (a tool may still have failed: `isError`). */
  #finish(protocol: object, span: Span, method: string, result: unknown): void {
    try {
      if (method === 'initialize') {
        const version = str((result as { protocolVersion?: unknown } | undefined)?.protocolVersion);
        if (version !== undefined) {
          this.versions.set(protocol, version);
          span.setAttribute(ATTR_MCP_PROTOCOL_VERSION, version);
        }
      }
      recordResult(span, method, result);
      if (this.capture && method === 'tools/call') {
        const text = capContent(result, this.maxContent);
        if (text !== undefined) span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, text);
      }
    } finally {
      span.end();
    }
  }

  #putArguments(req: McpRequest, attrs: Record<string, unknown>): void {
    const args = req.params?.arguments;
    if (args === undefined) return;
    const text = capContent(args, this.maxContent);
    if (text !== undefined) attrs[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = text;
  }
}

/** The active span when it is a recording `execute_tool` span (an SDK span shows its attributes). */
function outerToolSpan(ctx: Context): Span | undefined {
  const active = trace.getSpan(ctx);
  if (active === undefined || !active.isRecording()) return undefined;
  const attrs = (active as { attributes?: Attributes }).attributes;
  return attrs?.[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION.EXECUTE_TOOL ? active : undefined;
}

/** Sets on `span` each of `attrs` it does not have yet (its own tool name stays). */
function addMissing(span: Span, attrs: Attributes): void {
  const has = (span as { attributes?: Attributes }).attributes ?? {};
  for (const [k, v] of Object.entries(attrs))
    if (has[k] === undefined && v !== undefined) span.setAttribute(k, v);
}

/** The package at `basedir` is a supported major (1.x). */
function isSupportedMajor(basedir: string | undefined): boolean {
  if (basedir === undefined) return false;
  try {
    const version = (require(join(basedir, 'package.json')) as { version?: unknown }).version;
    return typeof version === 'string' && version.startsWith('1.');
  } catch {
    return false;
  }
}

/** The streamable HTTP transport's `mcp-protocol-version` request header, when there is one. */
function headerVersion(extra: HandlerExtra | undefined): string | undefined {
  const headers = (extra as { requestInfo?: { headers?: Record<string, unknown> } } | undefined)
    ?.requestInfo?.headers;
  const v = headers?.['mcp-protocol-version'];
  return str(Array.isArray(v) ? v[0] : v);
}
