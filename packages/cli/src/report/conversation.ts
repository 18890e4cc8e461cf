/**
 * `--conversation ID`: every trace that has a span of that conversation, as span trees in time
 * order across agents, tools, retrieval and LLM calls: the path a request took, where it waited
 * and where it failed. Read in two streaming passes (which traces, then their spans), so only
 * those traces are held in memory.
 */
import { ATTR_GEN_AI_CONVERSATION_ID } from '@genai-otel/semantic-conventions';
import { type BadLine, type ReportSpan, readSpanFiles } from './read-spans.js';

export interface TreeNode {
  span: ReportSpan;
  /** Milliseconds since the first span of the conversation started. */
  offsetMs: number;
  children: TreeNode[];
}

export interface ConversationTrees {
  conversationId: string;
  /** One tree per root (a trace whose root is missing gives one tree per orphan), by start time. */
  roots: TreeNode[];
  spans: number;
  /** Nanoseconds since the epoch of the earliest span; 0n when nothing was found. */
  startNs: bigint;
}

export async function readConversation(
  files: readonly string[],
  conversationId: string,
  onBadLine: (bad: BadLine) => void,
): Promise<ConversationTrees> {
  const traces = new Set<string>();
  await readSpanFiles(
    files,
    (s) => {
      if (s.attributes[ATTR_GEN_AI_CONVERSATION_ID] === conversationId) traces.add(s.traceId);
    },
    onBadLine,
  );
  const spans: ReportSpan[] = [];
  if (traces.size > 0) {
    // Bad lines were reported by the first pass already.
    await readSpanFiles(
      files,
      (s) => traces.has(s.traceId) && void spans.push(s),
      () => {},
    );
  }
  return buildTrees(conversationId, spans);
}

export function buildTrees(conversationId: string, spans: ReportSpan[]): ConversationTrees {
  let startNs = 0n;
  for (const s of spans) if (startNs === 0n || s.startNs < startNs) startNs = s.startNs;
  const nodes = new Map<string, TreeNode>();
  for (const span of spans) {
    nodes.set(`${span.traceId}/${span.spanId}`, {
      span,
      offsetMs: Number(span.startNs - startNs) / 1e6,
      children: [],
    });
  }
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const { traceId, parentSpanId } = node.span;
    const parent = parentSpanId ? nodes.get(`${traceId}/${parentSpanId}`) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const byStart = (a: TreeNode, b: TreeNode) =>
    a.span.startNs < b.span.startNs ? -1 : a.span.startNs > b.span.startNs ? 1 : 0;
  const sort = (list: TreeNode[]) => {
    list.sort(byStart);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return { conversationId, roots, spans: spans.length, startNs };
}
