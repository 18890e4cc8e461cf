import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION,
  GEN_AI_TOOL_TYPE,
  GENAI_OTEL_OUTCOME,
  type GenAIToolType,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { type Attributes, type Context, context, type Span, SpanKind } from '@opentelemetry/api';
import { settings } from './config.js';
import { contentText } from './content.js';
import {
  type Finisher,
  NO_VALUE,
  runInSpan,
  runUntraced,
  type Settled,
  type Traced,
} from './span-runner.js';

/** Options of {@link withTool}. */
export interface ToolOptions {
  /** `gen_ai.tool.name`; also the span name `execute_tool {name}`. */
  name: string;
  /** `gen_ai.tool.call.id`: the model's id for this call (e.g. OpenAI's `call_…`). */
  callId?: string | undefined;
  /** `gen_ai.tool.type`: `function` (default), `extension` or `datastore`. */
  type?: GenAIToolType | undefined;
  /** `gen_ai.tool.description`. */
  description?: string | undefined;
  /** The call's arguments: `gen_ai.tool.call.arguments`, only with content capture on. */
  arguments?: unknown;
}

// The outcome starts as `success` among the start attributes and is overwritten on failure.
const toolFinisher: Finisher<undefined> = {
  success(span: Span, _state: undefined, value: unknown) {
    const s = settings();
    if (s.captureContent && value !== NO_VALUE && value !== undefined) {
      const text = contentText(value, s.maxContentLength);
      if (text !== undefined) span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, text);
    }
  },
  failure(span: Span) {
    span.setAttribute(ATTR_GEN_AI_TOOL_CALL_OUTCOME, GENAI_OTEL_OUTCOME.ERROR);
  },
};

/**
 * Runs `fn` as a tool execution: span `execute_tool {name}` (INTERNAL) with the call id, type and
 * `gen_ai.tool.call.outcome`; arguments and result (JSON) only with content capture on. Returns
 * exactly what `fn` returns; a failure is recorded (`outcome` `error`) and rethrown unchanged.
 *
 * ```ts
 * const rows = await withTool({ name: 'sql_query', callId: call.id, arguments: args }, () => db.all(sql));
 * ```
 */
export function withTool<R>(tool: string | ToolOptions, fn: Traced<R>): Settled<R> {
  let parent: Context;
  let name: string;
  let attributes: Attributes;
  try {
    parent = context.active();
    const options = typeof tool === 'string' ? undefined : tool;
    name = options === undefined ? (tool as string) : options.name;
    attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
      [ATTR_GEN_AI_TOOL_NAME]: name,
      [ATTR_GEN_AI_TOOL_TYPE]: options?.type ?? GEN_AI_TOOL_TYPE.FUNCTION,
      [ATTR_GEN_AI_TOOL_CALL_OUTCOME]: GENAI_OTEL_OUTCOME.SUCCESS,
    };
    if (options !== undefined) {
      if (options.callId !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = options.callId;
      if (options.description !== undefined) {
        attributes[ATTR_GEN_AI_TOOL_DESCRIPTION] = options.description;
      }
      if (options.arguments !== undefined) {
        const s = settings();
        if (s.captureContent) {
          const text = contentText(options.arguments, s.maxContentLength);
          if (text !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = text;
        }
      }
    }
  } catch {
    // Telemetry never breaks the app (an options getter that throws, a broken context manager).
    return runUntraced(fn);
  }
  return runInSpan(
    genAISpanName(GEN_AI_OPERATION.EXECUTE_TOOL, name),
    { kind: SpanKind.INTERNAL, attributes },
    parent,
    undefined,
    undefined,
    fn,
    toolFinisher,
  );
}
