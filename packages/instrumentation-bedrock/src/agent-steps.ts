import { type Dict, recordUsage, setContent, setString } from '@genai-otel/instrumentation-core';
import {
  ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  GEN_AI_TOOL_TYPE,
  GENAI_OTEL_OUTCOME,
  GENAI_OTEL_RETRIEVAL_OUTCOME,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import {
  type Attributes,
  type Context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
} from '@opentelemetry/api';
import { isDict } from './converse-messages.js';

// The steps of a Bedrock agent's trace as spans, each made whole when its output arrives (the
// trace's own start and end times), under the span of the agent that ran it.

/** Milliseconds of an ISO time in the trace, else `fallback`. */
export function traceTime(value: unknown, fallback: number): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : fallback;
}

/** The `{startTime, endTime}` of a step's metadata, each falling back. */
function timesOf(metadata: unknown, start: number, end: number): [number, number] {
  const m = isDict(metadata) ? metadata : {};
  return [traceTime(m.startTime, start), traceTime(m.endTime, end)];
}

export interface StepContext {
  readonly tracer: Tracer;
  readonly parent: Context;
  readonly captureContent: boolean;
  readonly maxContentLength: number;
}

function child(c: StepContext, name: string, attributes: Attributes, start: number): Span {
  return c.tracer.startSpan(
    name,
    { kind: SpanKind.INTERNAL, attributes, startTime: start },
    c.parent,
  );
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A model invocation of the agent (orchestration, pre-/post-processing, routing): `chat {model}`. */
export function modelInvocationSpan(
  c: StepContext,
  input: Dict | undefined,
  output: Dict,
  inputTime: number,
  eventTime: number,
): void {
  const model = input?.foundationModel;
  const attrs: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
    [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.AWS_BEDROCK,
  };
  if (typeof model === 'string') attrs[ATTR_GEN_AI_REQUEST_MODEL] = model;
  const config = input?.inferenceConfiguration;
  if (isDict(config)) {
    if (typeof config.maximumLength === 'number')
      attrs[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = config.maximumLength;
    if (typeof config.temperature === 'number')
      attrs[ATTR_GEN_AI_REQUEST_TEMPERATURE] = config.temperature;
    if (typeof config.topP === 'number') attrs[ATTR_GEN_AI_REQUEST_TOP_P] = config.topP;
    if (typeof config.topK === 'number') attrs[ATTR_GEN_AI_REQUEST_TOP_K] = config.topK;
    if (Array.isArray(config.stopSequences) && config.stopSequences.length > 0)
      attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = config.stopSequences as string[];
  }
  const metadata = isDict(output.metadata) ? output.metadata : undefined;
  const [start, end] = timesOf(metadata, inputTime, eventTime);
  const span = child(
    c,
    genAISpanName(GEN_AI_OPERATION.CHAT, typeof model === 'string' ? model : undefined),
    attrs,
    start,
  );
  // The usage Bedrock bills the agent for this invocation.
  const usage = metadata?.usage;
  if (isDict(usage)) recordUsage(span, usage.inputTokens, usage.outputTokens);
  const raw = isDict(output.rawResponse) ? parseJson(output.rawResponse.content) : undefined;
  if (isDict(raw)) {
    setString(span, ATTR_GEN_AI_RESPONSE_ID, raw.id);
    if (typeof raw.stop_reason === 'string')
      span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, [raw.stop_reason]);
  }
  if (c.captureContent) {
    // The agent's prompt and the model's raw answer, as Bedrock reports them.
    const prompt = parseJson(input?.text) ?? input?.text;
    if (prompt !== undefined)
      setContent(span, ATTR_GEN_AI_INPUT_MESSAGES, prompt, c.maxContentLength);
    const answer = raw ?? output.parsedResponse;
    if (answer !== undefined)
      setContent(span, ATTR_GEN_AI_OUTPUT_MESSAGES, answer, c.maxContentLength);
  }
  span.end(end);
}

/** An action group's function or API: `execute_tool {group}/{function or path}`. */
export function actionGroupSpan(
  c: StepContext,
  input: Dict,
  output: Dict,
  inputTime: number,
  eventTime: number,
): void {
  const name = `${String(input.actionGroupName ?? '')}/${String(input.function ?? input.apiPath ?? '')}`;
  const [start, end] = timesOf(output.metadata, inputTime, eventTime);
  const span = child(
    c,
    genAISpanName(GEN_AI_OPERATION.EXECUTE_TOOL, name),
    {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
      [ATTR_GEN_AI_TOOL_NAME]: name,
      // Run by Bedrock (a Lambda), not by the app: an extension in the conventions' terms.
      [ATTR_GEN_AI_TOOL_TYPE]: GEN_AI_TOOL_TYPE.EXTENSION,
      [ATTR_GEN_AI_TOOL_CALL_OUTCOME]: GENAI_OTEL_OUTCOME.SUCCESS,
    },
    start,
  );
  if (c.captureContent) {
    const args: Dict = {};
    if (Array.isArray(input.parameters))
      for (const p of input.parameters)
        if (isDict(p) && typeof p.name === 'string') args[p.name] = p.value;
    setContent(span, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, args, c.maxContentLength);
    if (output.text !== undefined)
      setContent(span, ATTR_GEN_AI_TOOL_CALL_RESULT, output.text, c.maxContentLength);
  }
  span.end(end);
}

/** A knowledge-base lookup: `retrieval {knowledge base id}` with its references. */
export function knowledgeBaseSpan(
  c: StepContext,
  input: Dict,
  output: Dict,
  inputTime: number,
  eventTime: number,
): void {
  const kb = typeof input.knowledgeBaseId === 'string' ? input.knowledgeBaseId : undefined;
  const [start, end] = timesOf(output.metadata, inputTime, eventTime);
  const attrs: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.RETRIEVAL,
    [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.AWS_BEDROCK,
  };
  if (kb !== undefined) {
    attrs[ATTR_GEN_AI_DATA_SOURCE_ID] = kb;
    attrs[ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID] = kb;
  }
  const span = child(c, genAISpanName(GEN_AI_OPERATION.RETRIEVAL, kb), attrs, start);
  recordReferences(span, output.retrievedReferences, c, input.text);
  span.end(end);
}

/**
 * Count, outcome and (content capture on) query and documents of retrieved references: Retrieve's
 * `retrievalResults` and an agent's `retrievedReferences` alike (`content.text`, `location`,
 * `score` where Bedrock gives one).
 */
export function recordReferences(
  span: Span,
  references: unknown,
  c: { captureContent: boolean; maxContentLength: number },
  query: unknown,
): void {
  const refs = Array.isArray(references) ? references : [];
  span.setAttribute(ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT, refs.length);
  span.setAttribute(
    ATTR_GEN_AI_RETRIEVAL_OUTCOME,
    refs.length === 0 ? GENAI_OTEL_RETRIEVAL_OUTCOME.MISS : GENAI_OTEL_RETRIEVAL_OUTCOME.HIT,
  );
  const docs = refs.map((r) => {
    const ref = isDict(r) ? r : {};
    const location = isDict(ref.location) ? ref.location : {};
    const s3 = isDict(location.s3Location) ? location.s3Location.uri : undefined;
    const web = isDict(location.webLocation) ? location.webLocation.url : undefined;
    const doc: Dict = { id: s3 ?? web ?? location.type };
    if (typeof ref.score === 'number') doc.score = ref.score;
    if (c.captureContent && isDict(ref.content)) doc.content = ref.content.text;
    return doc;
  });
  setContent(span, ATTR_GEN_AI_RETRIEVAL_DOCUMENTS, docs, c.maxContentLength);
  if (c.captureContent && typeof query === 'string')
    span.setAttribute(ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT, query);
}

/** A step that failed in the trace (`failureTrace`): the agent span says so. */
export function recordFailure(span: Span, failure: Dict): void {
  const reason =
    typeof failure.failureReason === 'string' ? failure.failureReason : 'agent failure';
  span.recordException({ name: 'failureTrace', message: reason });
  span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
}
