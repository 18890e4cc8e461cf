/** A conversation's span trees as indented text (or plain JSON), one line per span. */
import { readCallInfo, readUsage } from '@genai-otel/processor-cost';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_TENANT_ID,
  ATTR_USER_ID,
  GEN_AI_OPERATION,
  GENAI_OTEL_OPERATION,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import type { ConversationTrees, TreeNode } from './conversation.js';
import { ms, usd } from './format-report.js';

const call = {
  operation: undefined,
  provider: undefined,
  requestModel: undefined,
  responseModel: undefined,
};
const usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, reasoning: 0 };

/** The few attributes that say what a span did, by kind of operation. */
export function spanDetails(a: Attributes): string[] {
  const d: string[] = [];
  const op = a[ATTR_GEN_AI_OPERATION_NAME];
  const put = (label: string, key: string) => {
    const v = a[key];
    if (v !== undefined && v !== '') d.push(`${label}=${String(v)}`);
  };
  if (readCallInfo(a, call)) {
    if (readUsage(a, usage) >= 0) {
      d.push(`tokens=${usage.input}→${usage.output}`);
      if (usage.cacheRead > 0) d.push(`cache_read=${usage.cacheRead}`);
    }
    const cost = a[ATTR_GEN_AI_USAGE_COST_AMOUNT];
    if (typeof cost === 'number') d.push(`cost=${usd(cost)}`);
  } else if (op === GEN_AI_OPERATION.INVOKE_AGENT) {
    put('outcome', ATTR_GEN_AI_AGENT_OUTCOME);
  } else if (op === GEN_AI_OPERATION.EXECUTE_TOOL) {
    put('type', ATTR_GEN_AI_TOOL_TYPE);
    put('outcome', ATTR_GEN_AI_TOOL_CALL_OUTCOME);
  } else if (op === GENAI_OTEL_OPERATION.HANDOFF) {
    const from = a[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME];
    const to = a[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME];
    d.push(`${String(from ?? '?')}→${String(to ?? '?')}`);
    put('type', ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE);
    put('reason', ATTR_GEN_AI_AGENT_HANDOFF_REASON);
    put('confidence', ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE);
  } else if (op === GEN_AI_OPERATION.RETRIEVAL) {
    put('source', ATTR_GEN_AI_DATA_SOURCE_ID);
    put('documents', ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT);
    put('outcome', ATTR_GEN_AI_RETRIEVAL_OUTCOME);
  }
  return d;
}

function lines(node: TreeNode, prefix: string, last: boolean, root: boolean, out: string[]): void {
  const s = node.span;
  const branch = root ? '' : last ? '└─ ' : '├─ ';
  const status =
    s.statusCode === 2
      ? [
          `ERROR ${String(s.attributes[ATTR_ERROR_TYPE] ?? s.exceptionType ?? s.statusMessage ?? '')}`.trim(),
        ]
      : [];
  const details = [...status, ...spanDetails(s.attributes)].join('  ');
  out.push(
    `${`+${ms(node.offsetMs)}`.padStart(10)} ${ms(s.durationMs).padStart(9)}  ${prefix}${branch}${s.name}${details ? `  ${details}` : ''}`,
  );
  const childPrefix = root ? prefix : `${prefix}${last ? '   ' : '│  '}`;
  node.children.forEach((c, i) => {
    lines(c, childPrefix, i === node.children.length - 1, false, out);
  });
}

export function formatConversation(trees: ConversationTrees): string {
  if (trees.spans === 0) return `conversation ${trees.conversationId}: no spans found\n`;
  const first = trees.roots[0]?.span;
  const who = first
    ? [
        first.service ? `service ${first.service}` : undefined,
        first.attributes[ATTR_USER_ID] !== undefined
          ? `user ${String(first.attributes[ATTR_USER_ID])}`
          : undefined,
        first.attributes[ATTR_TENANT_ID] !== undefined
          ? `tenant ${String(first.attributes[ATTR_TENANT_ID])}`
          : undefined,
      ].filter(Boolean)
    : [];
  const traces = new Set(trees.roots.map((r) => r.span.traceId));
  const started = new Date(Number(trees.startNs / 1_000_000n)).toISOString();
  const out = [
    `conversation ${trees.conversationId}: ${trees.spans} spans in ${traces.size} trace${traces.size === 1 ? '' : 's'}, started ${started}${who.length ? `; ${who.join(', ')}` : ''}`,
    `${'start ms'.padStart(10)} ${'took ms'.padStart(9)}  span`,
  ];
  for (const root of trees.roots) {
    out.push(`trace ${root.span.traceId}`);
    lines(root, '', true, true, out);
  }
  return `${out.join('\n')}\n`;
}

interface JsonNode {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  service: string | undefined;
  startOffsetMs: number;
  durationMs: number;
  status: { code: number; message?: string };
  attributes: Attributes;
  children: JsonNode[];
}

function toJson(node: TreeNode): JsonNode {
  const s = node.span;
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    service: s.service,
    startOffsetMs: node.offsetMs,
    durationMs: s.durationMs,
    status: s.statusMessage
      ? { code: s.statusCode, message: s.statusMessage }
      : { code: s.statusCode },
    attributes: s.attributes,
    children: node.children.map(toJson),
  };
}

export function conversationJson(trees: ConversationTrees): unknown {
  return {
    conversationId: trees.conversationId,
    spans: trees.spans,
    startTimeUnixNano: trees.startNs.toString(),
    roots: trees.roots.map(toJson),
  };
}
