import {
  type ApiHandler,
  putContent,
  type Settings,
  type StreamAccumulator,
  setContent,
} from '@genai-otel/instrumentation-core';
import {
  ATTR_AWS_BEDROCK_AGENT_ALIAS_ID,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import type { Span, Tracer } from '@opentelemetry/api';
import { AgentTraceSpans } from './agent-trace.js';
import { isDict } from './converse-messages.js';
import type { Routing } from './route.js';

const decoder = new TextDecoder();

/**
 * The InvokeAgent completion stream: `chunk` events (the answer, kept only with content capture
 * on) and, when the caller asked for them (`enableTrace`), `trace` events, turned into child spans
 * as they come.
 */
class AgentStreamAccumulator implements StreamAccumulator {
  private readonly traces: AgentTraceSpans;
  private answer = '';

  constructor(
    private readonly settings: Settings,
    span: Span,
    tracer: Tracer,
    /** The trace was asked for by us (`agentTrace`), not by the app: its events are hidden. */
    private readonly hideTrace: boolean,
  ) {
    this.traces = new AgentTraceSpans(span, tracer, settings);
  }

  onChunk(event: unknown): boolean {
    if (!isDict(event)) return false;
    if (isDict(event.trace)) {
      this.traces.onTrace(event.trace);
      return this.hideTrace;
    }
    if (this.settings.captureContent && isDict(event.chunk)) {
      const bytes = event.chunk.bytes;
      if (bytes instanceof Uint8Array) this.answer += decoder.decode(bytes, { stream: true });
    }
    return false;
  }

  finish(span: Span): void {
    this.traces.finish();
    this.traces.recordRoot(span);
    if (this.settings.captureContent && this.answer !== '')
      setContent(
        span,
        ATTR_GEN_AI_OUTPUT_MESSAGES,
        [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: this.answer }],
            finish_reason: 'stop',
          },
        ],
        this.settings.maxContentLength,
      );
  }
}

/**
 * `InvokeAgentCommand`: one `invoke_agent {agentId}` span over the whole completion stream,
 * ended when the stream ends, fails or is abandoned; the session is the conversation.
 */
export const invokeAgent: ApiHandler = {
  operation: GEN_AI_OPERATION.INVOKE_AGENT,
  streams: true,
  spanTarget: (params) => params.agentId,
  requestAttributes(params, attrs) {
    if (typeof params.agentId === 'string') attrs[ATTR_GEN_AI_AGENT_ID] = params.agentId;
    if (typeof params.agentAliasId === 'string')
      attrs[ATTR_AWS_BEDROCK_AGENT_ALIAS_ID] = params.agentAliasId;
    if (typeof params.sessionId === 'string') attrs[ATTR_GEN_AI_CONVERSATION_ID] = params.sessionId;
  },
  requestContent(params, attrs, max) {
    if (typeof params.inputText === 'string')
      putContent(
        attrs,
        ATTR_GEN_AI_INPUT_MESSAGES,
        [{ role: 'user', parts: [{ type: 'text', content: params.inputText }] }],
        max,
      );
  },
  onResult() {},
  newAccumulator(settings, hideTrace, span, tracer) {
    return new AgentStreamAccumulator(settings, span, tracer, hideTrace);
  },
  streamOf: (result) => (isDict(result) ? result.completion : undefined),
};

/**
 * InvokeAgent's route: with the `agentTrace` option on and the app not asking for the trace, the
 * call is sent as a copy of the app's command with `enableTrace: true` (the app's command is left
 * as it was), and the trace events are hidden from the app: it reads exactly the events it would
 * have read.
 */
export const invokeAgentRoute: Routing = (input, _client, settings, args) => {
  const plain = { handler: invokeAgent, params: input };
  if (settings.provider?.agentTrace !== true || input.enableTrace === true) return plain;
  const Command = (args[0] as { constructor?: unknown } | undefined)?.constructor;
  if (typeof Command !== 'function') return plain;
  const callArgs = args.slice();
  callArgs[0] = new (Command as new (input: unknown) => unknown)({ ...input, enableTrace: true });
  return { ...plain, args: callArgs };
};
