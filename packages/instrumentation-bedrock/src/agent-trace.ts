import { capContent, type Dict, type Settings } from '@genai-otel/instrumentation-core';
import {
  ATTR_AWS_BEDROCK_AGENT_ALIAS_ID,
  ATTR_AWS_BEDROCK_AGENT_RATIONALE_TEXT,
  ATTR_AWS_BEDROCK_AGENT_TRACE_ID,
  ATTR_AWS_BEDROCK_GUARDRAIL_ACTION,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  EVENT_AWS_BEDROCK_AGENT_RATIONALE,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  GENAI_OTEL_HANDOFF_TARGET_TYPE,
  GENAI_OTEL_OPERATION,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { context, type Span, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import {
  actionGroupSpan,
  knowledgeBaseSpan,
  modelInvocationSpan,
  recordFailure,
  type StepContext,
  traceTime,
} from './agent-steps.js';
import { isDict } from './converse-messages.js';

/** One agent of the run: the call's own, or a collaborator (with the handoff span it came by). */
interface Frame {
  readonly span: Span;
  readonly steps: StepContext;
  readonly name: string;
  readonly handoff?: Span;
  ended?: boolean;
}

/** A step's input waiting for its output (same `traceId`), with the time it was seen. */
interface Pending {
  readonly input: Dict;
  readonly time: number;
}

const MODEL_TRACES = [
  'orchestrationTrace',
  'preProcessingTrace',
  'postProcessingTrace',
  'routingClassifierTrace',
];
const ALIAS_ARN = /agent-alias\/([^/]+)\/([^/]+)$/;

/**
 * Turns the `trace` events of an InvokeAgent stream into spans under the call's `invoke_agent`
 * span: model invocations → `chat {model}`, action groups → `execute_tool`, knowledge bases →
 * `retrieval`, collaborators → a `handoff` span with the collaborator's `invoke_agent` under it
 * (whose own steps go under that). Each event names its agent by its `callerChain` (the alias
 * ARNs from the top agent down), which is how steps find their agent's span.
 */
export class AgentTraceSpans {
  private readonly frames = new Map<string, Frame>();
  private readonly pending = new Map<string, Pending>();
  private readonly intervened = new WeakSet<Span>();
  private rootKey: string | undefined;
  agentVersion: unknown;

  constructor(
    private readonly root: Span,
    private readonly tracer: Tracer,
    private readonly settings: Settings,
  ) {}

  private stepsUnder(span: Span): StepContext {
    return {
      tracer: this.tracer,
      parent: trace.setSpan(context.active(), span),
      captureContent: this.settings.captureContent,
      maxContentLength: this.settings.maxContentLength,
    };
  }

  /** The frame of an event's `callerChain`, made for a collaborator not announced before. */
  private frameOf(event: Dict): [string, Frame] {
    const chain = Array.isArray(event.callerChain)
      ? event.callerChain.map((c) => (isDict(c) ? String(c.agentAliasArn) : ''))
      : [];
    const key = chain.join(' > ');
    let frame = this.frames.get(key);
    if (frame !== undefined) return [key, frame];
    if (chain.length <= 1 || this.rootKey === undefined) {
      this.rootKey ??= key;
      frame = {
        span: this.root,
        steps: this.stepsUnder(this.root),
        name: String(event.agentId ?? ''),
      };
      this.agentVersion ??= event.agentVersion;
    } else {
      const parentKey = chain.slice(0, -1).join(' > ');
      const parent = this.frames.get(parentKey) ?? this.frames.get(this.rootKey)!;
      frame = this.openCollaborator(
        parent,
        chain.at(-1)!,
        String(event.collaboratorName ?? ''),
        traceTime(event.eventTime, Date.now()),
      );
    }
    this.frames.set(key, frame);
    return [key, frame];
  }

  private openCollaborator(parent: Frame, aliasArn: string, name: string, time: number): Frame {
    const handoff = this.tracer.startSpan(
      genAISpanName(GENAI_OTEL_OPERATION.HANDOFF, name),
      {
        kind: SpanKind.INTERNAL,
        startTime: time,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.HANDOFF,
          [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: parent.name,
          [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: name,
          [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: GENAI_OTEL_HANDOFF_TARGET_TYPE.AGENT,
        },
      },
      parent.steps.parent,
    );
    const [, agentId, aliasId] = ALIAS_ARN.exec(aliasArn) ?? [];
    const attributes: Dict = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
      [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.AWS_BEDROCK,
      [ATTR_GEN_AI_AGENT_NAME]: name,
    };
    if (agentId !== undefined) attributes[ATTR_GEN_AI_AGENT_ID] = agentId;
    if (aliasId !== undefined) attributes[ATTR_AWS_BEDROCK_AGENT_ALIAS_ID] = aliasId;
    const span = this.tracer.startSpan(
      genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, name),
      { kind: SpanKind.INTERNAL, startTime: time, attributes: attributes as never },
      trace.setSpan(context.active(), handoff),
    );
    return { span, steps: this.stepsUnder(span), name, handoff };
  }

  /** One `trace` event (the stream's `{trace: …}` member). Never throws into the stream. */
  onTrace(event: Dict): void {
    const part = event.trace;
    if (!isDict(part)) return;
    const [key, frame] = this.frameOf(event);
    const time = traceTime(event.eventTime, Date.now());
    for (const name of MODEL_TRACES) {
      const step = part[name];
      if (isDict(step)) this.onStep(key, frame, step, time);
    }
    if (isDict(part.guardrailTrace)) {
      const action = part.guardrailTrace.action;
      // An intervention anywhere in the agent's run is what its span keeps.
      if (action === 'INTERVENED') this.intervened.add(frame.span);
      if (action === 'INTERVENED' || (action === 'NONE' && !this.intervened.has(frame.span)))
        frame.span.setAttribute(ATTR_AWS_BEDROCK_GUARDRAIL_ACTION, action);
    }
    if (isDict(part.failureTrace)) recordFailure(frame.span, part.failureTrace);
  }

  private onStep(key: string, frame: Frame, step: Dict, time: number): void {
    if (isDict(step.rationale)) {
      this.onRationale(frame, step.rationale, time);
    } else if (isDict(step.modelInvocationInput)) {
      this.hold(
        `${key}|model|${String(step.modelInvocationInput.traceId)}`,
        step.modelInvocationInput,
        time,
      );
    } else if (isDict(step.modelInvocationOutput)) {
      const out = step.modelInvocationOutput;
      const input = this.take(`${key}|model|${String(out.traceId)}`);
      modelInvocationSpan(frame.steps, input?.input, out, input?.time ?? time, time);
    } else if (isDict(step.invocationInput)) {
      const input = step.invocationInput;
      const collaborator = input.agentCollaboratorInvocationInput;
      if (isDict(collaborator) && typeof collaborator.agentCollaboratorAliasArn === 'string') {
        const childKey = `${key} > ${collaborator.agentCollaboratorAliasArn}`;
        if (!this.frames.has(childKey))
          this.frames.set(
            childKey,
            this.openCollaborator(
              frame,
              collaborator.agentCollaboratorAliasArn,
              String(collaborator.agentCollaboratorName ?? ''),
              time,
            ),
          );
      }
      this.hold(`${key}|call|${String(input.traceId)}`, input, time);
    } else if (isDict(step.observation)) {
      this.onObservation(key, frame, step.observation, time);
    }
  }

  /** The agent's reasoning before a step: an event on its span, only with content capture on. */
  private onRationale(frame: Frame, rationale: Dict, time: number): void {
    if (!this.settings.captureContent) return;
    const text = capContent(rationale.text, this.settings.maxContentLength);
    if (text === undefined) return;
    const attributes: Dict = { [ATTR_AWS_BEDROCK_AGENT_RATIONALE_TEXT]: text };
    if (typeof rationale.traceId === 'string')
      attributes[ATTR_AWS_BEDROCK_AGENT_TRACE_ID] = rationale.traceId;
    frame.span.addEvent(EVENT_AWS_BEDROCK_AGENT_RATIONALE, attributes as never, time);
  }

  private onObservation(key: string, frame: Frame, obs: Dict, time: number): void {
    const held = this.take(`${key}|call|${String(obs.traceId)}`);
    const input = held?.input;
    const start = held?.time ?? time;
    if (isDict(obs.actionGroupInvocationOutput) && isDict(input?.actionGroupInvocationInput))
      actionGroupSpan(
        frame.steps,
        input.actionGroupInvocationInput,
        obs.actionGroupInvocationOutput,
        start,
        time,
      );
    else if (isDict(obs.knowledgeBaseLookupOutput) && isDict(input?.knowledgeBaseLookupInput))
      knowledgeBaseSpan(
        frame.steps,
        input.knowledgeBaseLookupInput,
        obs.knowledgeBaseLookupOutput,
        start,
        time,
      );
    else if (isDict(obs.agentCollaboratorInvocationOutput)) {
      const out = obs.agentCollaboratorInvocationOutput;
      const child = this.frames.get(`${key} > ${String(out.agentCollaboratorAliasArn)}`);
      const metadata = isDict(out.metadata) ? out.metadata : {};
      if (child !== undefined) this.endFrame(child, traceTime(metadata.endTime, time));
    }
  }

  private hold(key: string, input: Dict, time: number): void {
    // Bounded: a trace whose outputs never come cannot grow this without end.
    if (this.pending.size < 1024) this.pending.set(key, { input, time });
  }

  private take(key: string): Pending | undefined {
    const held = this.pending.get(key);
    this.pending.delete(key);
    return held;
  }

  private endFrame(frame: Frame, time?: number): void {
    if (frame.ended || frame.span === this.root) return;
    frame.ended = true;
    frame.span.end(time);
    frame.handoff?.end(time);
  }

  /** The stream is over (or broke): collaborators still open end now. */
  finish(): void {
    for (const frame of this.frames.values()) this.endFrame(frame);
    this.pending.clear();
  }

  /** The root agent's version, as the trace reports it. */
  recordRoot(span: Span): void {
    if (typeof this.agentVersion === 'string')
      span.setAttribute(ATTR_GEN_AI_AGENT_VERSION, this.agentVersion);
  }
}
