import { capContent, recordError } from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  GEN_AI_OPERATION,
  GENAI_OTEL_HANDOFF_TARGET_TYPE,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_OUTCOME,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import {
  type Attributes,
  type Context,
  context,
  diag,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { recordDocuments } from './documents.js';
import { handoffTargets } from './handoff.js';
import { recordModelResult } from './model-run.js';
import {
  chainSpec,
  modelSpec,
  RUN_KIND,
  type RunKind,
  type RunSpec,
  retrieverSpec,
  toolSpec,
} from './run-spans.js';
import { asDict } from './serialized.js';

/** One LangChain run in flight. */
interface RunRecord {
  readonly kind: RunKind;
  /** Undefined for a hidden run: its children start in its parent's context. */
  readonly span: Span | undefined;
  /** The context the run's own work and its child runs start in. */
  readonly ctx: Context;
  /** The agent or graph node the run speaks for, inherited from its parent (a handoff's source). */
  readonly agent: string | undefined;
  /** Inside a LangGraph graph: a graph started here is a sub-agent. */
  readonly insideGraph: boolean;
  /** The innermost agent (graph) this run is part of: the source of a handoff to its parent. */
  readonly graphAgent: string | undefined;
  readonly parent: RunRecord | undefined;
  /** Targets a run at or under this one handed off to: the same handoff bubbling up is not new. */
  handedOff?: Set<string>;
}

/** LangGraph's `Command.PARENT`: the command goes to the graph around the current one. */
const PARENT_GRAPH = '__parent__';

export interface HandlerSettings {
  readonly captureContent: boolean;
  readonly maxContentLength: number;
}

/** Past this many runs in flight (runs whose end never came), the oldest are forgotten. */
const MAX_RUNS = 10_000;

/**
 * The LangChain callback handler that turns runs into spans. It is added to every callback
 * manager LangChain configures (see instrumentation.ts), and is AWAITED (`awaitHandlers`): its
 * start callbacks run before the run's work, so the span exists when the run's body — bound to
 * the span's context by `contextOf` — makes its provider SDK call, whose span then nests inside.
 * A plain object with the fields LangChain checks (`name`, `awaitHandlers`, `copy`), not a
 * subclass of its `BaseCallbackHandler`: `@langchain/core` is never value-imported.
 * Every callback swallows its own failures: LangChain would print them, the app must not see us.
 */
export class GenAICallbackHandler {
  readonly name = 'genai_otel_tracer';
  readonly awaitHandlers = true;
  readonly raiseError = false;
  readonly #runs = new Map<string, RunRecord>();
  readonly #handedOff = new WeakSet<object>();
  readonly #tracer: () => Tracer;
  readonly #settings: () => HandlerSettings;

  constructor(tracer: () => Tracer, settings: () => HandlerSettings) {
    this.#tracer = tracer;
    this.#settings = settings;
  }

  copy(): this {
    return this;
  }

  /** The context a run's body runs in (its span's), undefined for a run we do not know. */
  contextOf(runId: unknown): Context | undefined {
    return typeof runId === 'string' ? this.#runs.get(runId)?.ctx : undefined;
  }

  /** Runs in flight (for tests). */
  get size(): number {
    return this.#runs.size;
  }

  handleChainStart(
    chain: unknown,
    _inputs: unknown,
    runId: string,
    parentRunId?: string,
    tags?: unknown,
    metadata?: unknown,
    _runType?: unknown,
    runName?: unknown,
  ): void {
    try {
      const parent = this.#parent(parentRunId);
      const spec = chainSpec(
        chain,
        runName,
        tags,
        metadata,
        parent !== undefined,
        parent?.insideGraph ?? false,
      );
      const graph = asDict(chain)?.id;
      const insideGraph =
        (parent?.insideGraph ?? false) || (Array.isArray(graph) && graph[0] === 'langgraph');
      this.#start(runId, parent, spec, insideGraph);
    } catch (error) {
      diag.debug('genai-otel langchain: handleChainStart failed', error);
    }
  }

  handleChainEnd(outputs: unknown, runId: string): void {
    this.#end(runId, outputs, undefined);
  }

  handleChainError(error: unknown, runId: string): void {
    this.#end(runId, undefined, error);
  }

  handleChatModelStart(
    llm: unknown,
    _messages: unknown,
    runId: string,
    parentRunId?: string,
    extraParams?: unknown,
    _tags?: unknown,
    metadata?: unknown,
  ): void {
    this.#model(GEN_AI_OPERATION.CHAT, llm, runId, parentRunId, extraParams, metadata);
  }

  handleLLMStart(
    llm: unknown,
    _prompts: unknown,
    runId: string,
    parentRunId?: string,
    extraParams?: unknown,
    _tags?: unknown,
    metadata?: unknown,
  ): void {
    this.#model(GEN_AI_OPERATION.TEXT_COMPLETION, llm, runId, parentRunId, extraParams, metadata);
  }

  handleLLMEnd(output: unknown, runId: string): void {
    this.#end(runId, output, undefined);
  }

  handleLLMError(error: unknown, runId: string): void {
    this.#end(runId, undefined, error);
  }

  handleRetrieverStart(
    retriever: unknown,
    query: unknown,
    runId: string,
    parentRunId?: string,
    _tags?: unknown,
    metadata?: unknown,
    name?: unknown,
  ): void {
    try {
      const s = this.#settings();
      const spec = retrieverSpec(
        retriever,
        query,
        metadata,
        name,
        s.captureContent,
        s.maxContentLength,
      );
      this.#start(runId, this.#parent(parentRunId), spec, false);
    } catch (error) {
      diag.debug('genai-otel langchain: handleRetrieverStart failed', error);
    }
  }

  handleRetrieverEnd(documents: unknown, runId: string): void {
    this.#end(runId, documents, undefined);
  }

  handleRetrieverError(error: unknown, runId: string): void {
    this.#end(runId, undefined, error);
  }

  handleToolStart(
    tool: unknown,
    input: unknown,
    runId: string,
    parentRunId?: string,
    _tags?: unknown,
    _metadata?: unknown,
    runName?: unknown,
    toolCallId?: unknown,
  ): void {
    try {
      const s = this.#settings();
      const spec = toolSpec(tool, input, runName, toolCallId, s.captureContent, s.maxContentLength);
      this.#start(runId, this.#parent(parentRunId), spec, false);
    } catch (error) {
      diag.debug('genai-otel langchain: handleToolStart failed', error);
    }
  }

  handleToolEnd(output: unknown, runId: string): void {
    this.#end(runId, output, undefined);
  }

  handleToolError(error: unknown, runId: string): void {
    this.#end(runId, undefined, error);
  }

  #model(
    operation: string,
    llm: unknown,
    runId: string,
    parentRunId: string | undefined,
    extraParams: unknown,
    metadata: unknown,
  ): void {
    try {
      const spec = modelSpec(operation, llm, extraParams, metadata);
      this.#start(runId, this.#parent(parentRunId), spec, false);
    } catch (error) {
      diag.debug('genai-otel langchain: model run start failed', error);
    }
  }

  #parent(parentRunId: string | undefined): RunRecord | undefined {
    return parentRunId === undefined ? undefined : this.#runs.get(parentRunId);
  }

  #start(runId: string, parent: RunRecord | undefined, spec: RunSpec, insideGraph: boolean): void {
    // A run whose parent we never saw (a new top-level run) starts where the app is: under its
    // active span (a `withAgent`, an HTTP request), else a trace of its own.
    const parentCtx = parent?.ctx ?? context.active();
    const agent = spec.agent ?? parent?.agent;
    const graphAgent = spec.kind === RUN_KIND.AGENT ? spec.agent : parent?.graphAgent;
    if (this.#runs.size >= MAX_RUNS) {
      const oldest = this.#runs.keys().next().value;
      if (oldest !== undefined) this.#runs.delete(oldest);
    }
    if (spec.kind === RUN_KIND.HIDDEN) {
      this.#runs.set(runId, {
        kind: spec.kind,
        span: undefined,
        ctx: parentCtx,
        agent,
        insideGraph,
        graphAgent,
        parent,
      });
      return;
    }
    const span = this.#tracer().startSpan(
      spec.name,
      { kind: spec.spanKind, attributes: spec.attributes },
      parentCtx,
    );
    const ctx = trace.setSpan(parentCtx, span);
    this.#runs.set(runId, { kind: spec.kind, span, ctx, agent, insideGraph, graphAgent, parent });
  }

  #end(runId: string, output: unknown, error: unknown): void {
    const run = this.#runs.get(runId);
    if (run === undefined) return;
    this.#runs.delete(runId);
    try {
      const span = run.span;
      // LangGraph ends a sub-graph that hands off to its parent by throwing a ParentCommand
      // carrying the Command: control flow, not a failure.
      const bubble = asDict(error);
      const command = bubble?.is_bubble_up === true ? bubble.command : undefined;
      this.#handoffs(run, error === undefined ? output : command);
      if (span === undefined) return;
      if (error !== undefined && bubble?.is_bubble_up !== true) {
        recordError(span, error);
        if (run.kind === RUN_KIND.TOOL)
          span.setAttribute(ATTR_GEN_AI_TOOL_CALL_OUTCOME, GENAI_OTEL_OUTCOME.ERROR);
        else if (run.kind === RUN_KIND.AGENT)
          span.setAttribute(ATTR_GEN_AI_AGENT_OUTCOME, GENAI_OTEL_OUTCOME.ERROR);
      } else if (error === undefined) this.#result(run, span, output);
      span.end();
    } catch (failure) {
      diag.debug('genai-otel langchain: ending a run failed', failure);
      run.span?.end();
    }
  }

  #result(run: RunRecord, span: Span, output: unknown): void {
    switch (run.kind) {
      case RUN_KIND.MODEL:
        recordModelResult(span, output);
        return;
      case RUN_KIND.RETRIEVAL: {
        const s = this.#settings();
        recordDocuments(span, output, s.captureContent, s.maxContentLength);
        return;
      }
      case RUN_KIND.TOOL: {
        // A ToolMessage with status `error`: the tool failed and told the model so.
        if (asDict(output)?.status === 'error')
          span.setAttribute(ATTR_GEN_AI_TOOL_CALL_OUTCOME, GENAI_OTEL_OUTCOME.ERROR);
        const s = this.#settings();
        if (s.captureContent && output !== undefined) {
          const content = asDict(output)?.content ?? output;
          const text = capContent(content, s.maxContentLength);
          if (text !== undefined) span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, text);
        }
        return;
      }
    }
  }

  /**
   * A `Command` that goes to other nodes: one `handoff {target}` span each, under the run. A
   * command to the parent graph is the enclosing agent's handoff (LangGraph then raises it through
   * the sub-graph as a `ParentCommand`: the same handoff, recorded once).
   */
  #handoffs(run: RunRecord, output: unknown): void {
    const command = asDict(output);
    if (command === undefined || this.#handedOff.has(command)) return;
    const targets = handoffTargets(command).filter((t) => !run.handedOff?.has(t));
    if (targets.length === 0) return;
    this.#handedOff.add(command);
    const source = command.graph === PARENT_GRAPH ? (run.graphAgent ?? run.agent) : run.agent;
    const tracer = this.#tracer();
    for (const target of targets) {
      for (let r: RunRecord | undefined = run; r !== undefined; r = r.parent) {
        r.handedOff ??= new Set();
        r.handedOff.add(target);
      }
      const attributes: Attributes = {
        [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.HANDOFF,
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: target,
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: GENAI_OTEL_HANDOFF_TARGET_TYPE.AGENT,
      };
      if (source !== undefined) attributes[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME] = source;
      tracer
        .startSpan(
          genAISpanName(GENAI_OTEL_OPERATION.HANDOFF, target),
          { kind: SpanKind.INTERNAL, attributes },
          run.ctx,
        )
        .end();
    }
  }
}
