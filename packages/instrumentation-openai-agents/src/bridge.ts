import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { currentAgent } from '@genai-otel/tracing';
import {
  type Attributes,
  type Context,
  context,
  type Link,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { baseOf, LiveContext } from './live-context.js';
import type { AgentsSpan, AgentsStore, AgentsTrace } from './sdk-types.js';
import {
  type ContentSettings,
  type ModelToolCall,
  recordEnd,
  recordSdkError,
  startPlan,
  toolCallsOf,
} from './span-mapping.js';

/** One SDK span, as the bridge keeps it while it runs. */
interface SpanEntry {
  /** Our span; none for a span that makes no span (task, turn) or was merged into the app's. */
  span: Span | undefined;
  /** Its context, when it has a span or was merged; else the parent's is used. */
  ctx: Context | undefined;
  readonly parent: SpanEntry | TraceEntry;
}

/** One SDK trace: the workflow span, started when its first span needs a parent. */
interface TraceEntry {
  readonly trace: AgentsTrace;
  /** The OpenTelemetry context the run started in (the app's agent, HTTP request, or none). */
  readonly base: Context;
  readonly startTime: number;
  span: Span | undefined;
  ctx: Context | undefined;
  /** The last handoff, for the receiving agent's link. */
  handoff: { to: string; span: Span } | undefined;
  /** The run's error (its task span's), recorded on the workflow span. */
  error: AgentsSpan['error'];
  /** Tool calls the model asked for and no function span has claimed yet. */
  toolCalls: ModelToolCall[];
  /** Its spans still open. */
  open: number;
}

const isTrace = (e: SpanEntry | TraceEntry): e is TraceEntry => 'trace' in e;

/**
 * Maps the Agents SDK's traces and spans to OpenTelemetry spans as they start and end, and tells
 * the context storage which span is active. Called synchronously from the SDK's own `start()` and
 * `end()` (not through its processors, which it calls one after another, each awaited: a late
 * processor would see a span after the model call inside it had started).
 */
export class AgentsBridge {
  readonly #traces = new Map<string, TraceEntry>();
  readonly #spans = new Map<string, SpanEntry>();
  /** Every span we started (workflow included), to tell them from the app's. */
  readonly #ours = new WeakSet<Span>();

  constructor(
    private readonly tracer: () => Tracer,
    private readonly settings: () => ContentSettings,
  ) {}

  traceStarted(t: AgentsTrace): void {
    if (this.#traces.has(t.traceId)) return;
    this.#traces.set(t.traceId, {
      trace: t,
      base: baseOf(context.active()),
      startTime: Date.now(),
      span: undefined,
      ctx: undefined,
      handoff: undefined,
      error: null,
      toolCalls: [],
      open: 0,
    });
  }

  traceEnded(t: AgentsTrace): void {
    const entry = this.#traces.get(t.traceId);
    if (entry) this.#endTrace(entry);
  }

  #endTrace(entry: TraceEntry): void {
    this.#traces.delete(entry.trace.traceId);
    const span = entry.span;
    if (!span) return;
    if (entry.error) recordSdkError(span, entry.error);
    span.end();
  }

  spanStarted(s: AgentsSpan): void {
    if (this.#spans.has(s.spanId)) return;
    const parent =
      (s.parentId ? this.#spans.get(s.parentId) : undefined) ?? this.#traces.get(s.traceId);
    if (!parent) return; // A trace started before we were enabled: not ours to map.
    const entry: SpanEntry = { span: undefined, ctx: undefined, parent };
    this.#spans.set(s.spanId, entry);
    const traceEntry = this.#traceOf(entry);
    traceEntry.open++;
    const data = s.spanData;
    const appContext = this.#appContext(s, parent);
    const plan = startPlan(data, this.settings());
    if (!plan) {
      entry.ctx = appContext;
      return;
    }
    if (data.type === 'agent' && this.#mergesWithApp(traceEntry, parent, data.name)) {
      entry.ctx = traceEntry.base;
      return;
    }
    let links: Link[] | undefined;
    const handoff = traceEntry.handoff;
    if (data.type === 'agent' && handoff && handoff.to === data.name) {
      links = [{ context: handoff.span.spanContext() }];
      traceEntry.handoff = undefined;
    }
    const attributes: Attributes = plan.attributes;
    if (data.type === 'function') this.#claimToolCall(traceEntry, s, attributes);
    const parentContext = appContext ?? this.#contextOf(parent);
    const span = this.tracer().startSpan(
      plan.name,
      { kind: plan.kind, attributes, links },
      parentContext,
    );
    this.#ours.add(span);
    entry.span = span;
    entry.ctx = trace.setSpan(parentContext, span);
  }

  /**
   * The app's own context when it entered one inside an SDK span (`withTool` in a tool, around a
   * nested run): a plain context whose active span is not ours. Its span is then the parent, as
   * for any other call made there; `undefined` otherwise.
   */
  #appContext(s: AgentsSpan, parent: SpanEntry | TraceEntry): Context | undefined {
    if (isTrace(parent)) return undefined;
    const active = context.active();
    if (active instanceof LiveContext)
      return active.hidden !== undefined && active.hidden === s.parentId ? active.base : undefined;
    const span = trace.getSpan(active);
    return span === undefined || this.#ours.has(span) ? undefined : active;
  }

  isOurs(span: Span): boolean {
    return this.#ours.has(span);
  }

  spanEnded(s: AgentsSpan): void {
    const entry = this.#spans.get(s.spanId);
    if (!entry) return;
    this.#spans.delete(s.spanId);
    const data = s.spanData;
    const t = this.#traceOf(entry);
    t.open--;
    const span = entry.span;
    if (span) {
      recordEnd(span, s, this.settings());
      if (data.type === 'response') {
        const calls = toolCallsOf(data);
        if (calls.length > 0) t.toolCalls = calls;
      } else if (data.type === 'handoff' && typeof data.to_agent === 'string') {
        t.handoff = { to: data.to_agent, span };
      }
      span.end();
    }
    if (entry.parent === t && s.error) {
      t.error = s.error;
      // A run that fails never ends its trace (the SDK ends it only on success): the run's
      // top span failing with nothing left open is the end of it.
      if (t.open === 0) this.#endTrace(t);
    }
  }

  /**
   * The OpenTelemetry span to make active for the SDK's current span; `undefined` (the base's)
   * when the SDK has no current span of ours.
   */
  activeSpan(store: AgentsStore | undefined, hidden?: string): Span | undefined {
    if (!store?.active) return undefined;
    const current = store.span;
    if (hidden !== undefined && current?.spanId === hidden) return undefined;
    let e: SpanEntry | TraceEntry | undefined = current
      ? this.#spans.get(current.spanId)
      : undefined;
    e ??= store.trace ? this.#traces.get(store.trace.traceId) : undefined;
    // Reading never starts the workflow span (only a child starting does).
    while (e) {
      if (e.ctx) return trace.getSpan(e.ctx);
      e = isTrace(e) ? undefined : e.parent;
    }
    return undefined;
  }

  /** Spans still open (for tests: a run must leave none behind). */
  get open(): number {
    return this.#spans.size + this.#traces.size;
  }

  #traceOf(entry: SpanEntry | TraceEntry): TraceEntry {
    let e = entry;
    while (!isTrace(e)) e = e.parent;
    return e;
  }

  /** The context children of `entry` start in; starts the workflow span on first need. */
  #contextOf(entry: SpanEntry | TraceEntry): Context {
    let e = entry;
    while (!isTrace(e)) {
      if (e.ctx) return e.ctx;
      e = e.parent;
    }
    return e.ctx ?? this.#startWorkflow(e);
  }

  #startWorkflow(t: TraceEntry): Context {
    const name = t.trace.name;
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_WORKFLOW,
      [ATTR_GEN_AI_WORKFLOW_NAME]: name,
    };
    const group = t.trace.groupId;
    if (typeof group === 'string' && group !== '') attributes[ATTR_GEN_AI_CONVERSATION_ID] = group;
    const span = this.tracer().startSpan(
      genAISpanName(GEN_AI_OPERATION.INVOKE_WORKFLOW, name),
      { kind: SpanKind.INTERNAL, attributes, startTime: t.startTime },
      t.base,
    );
    this.#ours.add(span);
    t.span = span;
    t.ctx = trace.setSpan(t.base, span);
    return t.ctx;
  }

  /**
   * A run started inside the app's own `withAgent` of the same name as the run's first agent
   * (`withAgent('triage', () => run(triage, …))`) is that invocation: its agent span and the
   * workflow span would only repeat it. The app's span then parents what the agent does.
   */
  #mergesWithApp(t: TraceEntry, parent: SpanEntry | TraceEntry, name: unknown): boolean {
    if (t.span || t.ctx) return false;
    let e = parent;
    while (!isTrace(e)) {
      if (e.span || e.ctx) return false;
      e = e.parent;
    }
    if (currentAgent(t.base)?.name !== name) return false;
    t.ctx = t.base;
    return true;
  }

  /** `gen_ai.tool.call.id`: the model's call of this tool with these arguments, first unclaimed. */
  #claimToolCall(t: TraceEntry, s: AgentsSpan, attributes: Attributes): void {
    const name = s.spanData.name;
    const input = s.spanData.input;
    let match: ModelToolCall | undefined;
    for (const call of t.toolCalls) {
      if (call.used || call.name !== name) continue;
      if (call.arguments === input) {
        match = call;
        break;
      }
      match ??= call;
    }
    if (!match) return;
    match.used = true;
    attributes[ATTR_GEN_AI_TOOL_CALL_ID] = match.callId;
  }
}
