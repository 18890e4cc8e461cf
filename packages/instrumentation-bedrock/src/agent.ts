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
  ) {
    this.traces = new AgentTraceSpans(span, tracer, settings);
  }

  onChunk(event: unknown): boolean {
    if (!isDict(event)) return false;
    if (isDict(event.trace)) this.traces.onTrace(event.trace);
    else if (this.settings.captureContent && isDict(event.chunk)) {
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
  newAccumulator(settings, _hide, span, tracer) {
    return new AgentStreamAccumulator(settings, span, tracer);
  },
  streamOf: (result) => (isDict(result) ? result.completion : undefined),
};
