/**
 * The finished spans of a support bot's two requests, as the instrumentations and genai_cost leave
 * them: an HTTP server span (a conversation's first turn) with every GenAI operation under it —
 * priced, unpriced and failed chats, agents, handoffs, a tool, an embedding, a retrieval — then a
 * second request of the same conversation that fails with a 500.
 */
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  GENAI_OTEL_HANDOFF_REASON,
  GENAI_OTEL_HANDOFF_TARGET_TYPE,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_RETRIEVAL_OUTCOME,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { type Attributes, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { TracerProvider } from '@opentelemetry/sdk-trace';

export function recordTraffic(tracerProvider: TracerProvider): void {
  const tracer = tracerProvider.getTracer('genai-otel-test');
  let clock = Date.now() - 60_000;
  // Two requests served: the first carries every call below (a conversation's first turn), the
  // second fails with a 500 (a second turn of the same conversation, no calls).
  const request = (status: number) =>
    tracer.startSpan('POST /chat', {
      kind: SpanKind.SERVER,
      startTime: clock,
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/chat',
        'http.response.status_code': status,
        [ATTR_GEN_AI_CONVERSATION_ID]: 'conv-1',
      },
    });
  const root = request(200);
  const parent = trace.setSpan(context.active(), root);
  const span = (name: string, attributes: Attributes, seconds: number, failed = false) => {
    const s = tracer.startSpan(name, { attributes, startTime: clock }, parent);
    if (failed) s.setStatus({ code: SpanStatusCode.ERROR });
    clock += seconds * 1000;
    s.end(clock);
  };
  const chat = (model: string) => ({
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
    [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
    [ATTR_GEN_AI_REQUEST_MODEL]: model,
  });
  const agent = (name: string) => ({
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: name,
  });
  // A priced, streamed call; a call of a model missing from the pricing table; a rate-limited one.
  span(
    genAISpanName(GEN_AI_OPERATION.CHAT, 'gpt-4o'),
    {
      ...chat('gpt-4o'),
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 420,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 96,
      [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 0.00201,
      [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: 0.31,
    },
    1.4,
  );
  span(
    genAISpanName(GEN_AI_OPERATION.CHAT, 'in-house-7b'),
    {
      ...chat('in-house-7b'),
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 80,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 12,
    },
    0.6,
  );
  span(
    genAISpanName(GEN_AI_OPERATION.CHAT, 'gpt-4o-mini'),
    { ...chat('gpt-4o-mini'), [ATTR_ERROR_TYPE]: 'RateLimitError' },
    0.2,
    true,
  );
  span(
    genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, 'support-triage'),
    agent('support-triage'),
    2.1,
  );
  span(genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, 'billing'), agent('billing'), 0.9);
  for (const [target, type] of [
    ['billing', GENAI_OTEL_HANDOFF_TARGET_TYPE.AGENT],
    ['support-desk', GENAI_OTEL_HANDOFF_TARGET_TYPE.HUMAN],
  ] as const) {
    span(
      genAISpanName(GENAI_OTEL_OPERATION.HANDOFF, target),
      {
        [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.HANDOFF,
        [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'support-triage',
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: target,
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: type,
        [ATTR_GEN_AI_AGENT_HANDOFF_REASON]: GENAI_OTEL_HANDOFF_REASON.ROUTING,
      },
      0.001,
    );
  }
  span(
    genAISpanName(GEN_AI_OPERATION.EXECUTE_TOOL, 'lookup_order'),
    {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
      [ATTR_GEN_AI_TOOL_NAME]: 'lookup_order',
    },
    0.05,
  );
  span(
    genAISpanName(GEN_AI_OPERATION.EMBEDDINGS, 'text-embedding-3-small'),
    {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EMBEDDINGS,
      [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
      [ATTR_GEN_AI_REQUEST_MODEL]: 'text-embedding-3-small',
      [ATTR_GEN_AI_DATA_SOURCE_ID]: 'help-center',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 9,
      [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 0.0000002,
    },
    0.08,
  );
  span(
    genAISpanName(GEN_AI_OPERATION.RETRIEVAL, 'help-center'),
    {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.RETRIEVAL,
      [ATTR_GEN_AI_DATA_SOURCE_ID]: 'help-center',
      [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: GENAI_OTEL_RETRIEVAL_OUTCOME.HIT,
      [ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]: JSON.stringify([
        { id: 'kb-12', score: 0.82 },
        { id: 'kb-40', score: 0.61 },
      ]),
    },
    0.04,
  );
  root.end(clock);
  const failed = request(500);
  failed.setStatus({ code: SpanStatusCode.ERROR });
  clock += 100;
  failed.end(clock);
}
