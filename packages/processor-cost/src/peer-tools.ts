import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  GEN_AI_OPERATION,
  PEER_VERCEL_OPERATION_ID,
  PEER_VERCEL_TOOL_CALL_ID,
  PEER_VERCEL_TOOL_CALL_NAME,
  PEER_VERCEL_TOOL_CALL_OPERATION,
} from '@genai-otel/semantic-conventions';
import { writeAttribute } from '@genai-otel/span-attributes';
import type { Attributes } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace';

/**
 * Another instrumentation's tool span in the conventions' names, where they are missing: the
 * Vercel AI SDK's (≤ 6, and `LegacyOpenTelemetry`) `ai.toolCall` becomes `execute_tool` with
 * `gen_ai.tool.name` and `gen_ai.tool.call.id`, so `genai_metrics` counts it as a tool call.
 * (AI SDK 7's `@ai-sdk/otel` `OpenTelemetry()` already writes them.)
 */
export function normalizePeerTool(span: Span, attrs: Attributes): void {
  if (attrs[PEER_VERCEL_OPERATION_ID] !== PEER_VERCEL_TOOL_CALL_OPERATION) return;
  if (attrs[ATTR_GEN_AI_OPERATION_NAME] !== undefined) return;
  writeAttribute(span, ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION.EXECUTE_TOOL);
  const name = attrs[PEER_VERCEL_TOOL_CALL_NAME];
  if (typeof name === 'string' && attrs[ATTR_GEN_AI_TOOL_NAME] === undefined)
    writeAttribute(span, ATTR_GEN_AI_TOOL_NAME, name);
  const id = attrs[PEER_VERCEL_TOOL_CALL_ID];
  if (typeof id === 'string' && attrs[ATTR_GEN_AI_TOOL_CALL_ID] === undefined)
    writeAttribute(span, ATTR_GEN_AI_TOOL_CALL_ID, id);
}
