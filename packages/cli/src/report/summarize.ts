/**
 * What a team asks of its spans first, from one pass over them: cost, tokens, calls and latency by
 * model, conversation, tenant and agent; handoffs; retrieval hit rate; errors by type.
 *
 * Which spans are LLM calls, their model and their tokens are read by `genai_cost`'s own readers
 * (`readCallInfo`, `readUsage`), so spans of OpenLLMetry, OpenInference or the Vercel AI SDK count
 * exactly as the cost processor and the metrics count them. A call belongs to the conversation,
 * tenant and agent of its nearest span (itself first, then its ancestors) that names one.
 */
import { type CallInfo, readCallInfo, readUsage, type Usage } from '@genai-otel/processor-cost';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_TENANT_ID,
  ERROR_TYPE_OTHER,
  GEN_AI_OPERATION,
  GENAI_OTEL_HANDOFF_TARGET_TYPE,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_OUTCOME,
  GENAI_OTEL_RETRIEVAL_OUTCOME,
} from '@genai-otel/semantic-conventions';
import type { AttributeValue } from '@opentelemetry/api';
import { type CallFigures, type GroupStats, Groups } from './group-stats.js';
import { type Percentiles, percentiles } from './percentile.js';
import type { ReportSpan } from './read-spans.js';

export const NONE = '(none)';

export interface AgentStats extends GroupStats {
  /** `invoke_agent` spans of this agent. */
  invocations: number;
  /** Their durations, nearest-rank percentiles. */
  invocationMs: Percentiles;
  /** `gen_ai.agent.outcome` (else success/error from the status) → count. */
  outcomes: Record<string, number>;
}

export interface Count {
  key: string;
  count: number;
}

export interface HandoffSummary {
  total: number;
  toHuman: number;
  /** `total / agent invocations` (`undefined` without invocations). */
  perInvocation: number | undefined;
  conversations: number;
  conversationsWithHumanHandoff: number;
  /** Share of conversations handed to a human at least once (`undefined` without conversations). */
  humanHandoffRate: number | undefined;
  byReason: Count[];
  /** `target (type)` → count. */
  byTarget: Count[];
}

export interface RetrievalSource {
  key: string;
  calls: number;
  hits: number;
  misses: number;
  /** `hits / (hits + misses)`; calls without an outcome are left out of the rate. */
  hitRate: number | undefined;
}

export interface ErrorType {
  key: string;
  count: number;
  /** The operations (`gen_ai.operation.name`, else span names) that failed with it. */
  operations: string[];
}

export interface Report {
  spans: number;
  traces: number;
  totals: GroupStats;
  byModel: GroupStats[];
  byConversation: GroupStats[];
  byTenant: GroupStats[];
  byAgent: AgentStats[];
  handoffs: HandoffSummary;
  retrieval: RetrievalSource & { bySource: RetrievalSource[] };
  errors: { total: number; byType: ErrorType[] };
}

/** What is kept of every span: enough to find a call's agent, conversation and tenant. */
interface Node {
  parent: string | undefined;
  agent: string | undefined;
  conversation: string | undefined;
  tenant: string | undefined;
}

interface Call extends CallFigures {
  spanId: string;
  model: string;
}

const str = (v: AttributeValue | undefined): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** Deeper than any real agent tree; stops a parent cycle in a corrupt file. */
const MAX_DEPTH = 256;

export class ReportBuilder {
  #spans = 0;
  readonly #traces = new Set<string>();
  readonly #nodes = new Map<string, Node>();
  readonly #calls: Call[] = [];
  readonly #agents = new Map<string, { durations: number[]; outcomes: Record<string, number> }>();
  readonly #conversations = new Set<string>();
  readonly #handoffs: { reason: string; target: string; human: boolean; spanId: string }[] = [];
  readonly #retrieval = new Map<string, { calls: number; hits: number; misses: number }>();
  readonly #errors = new Map<string, { count: number; operations: Set<string> }>();
  /** One copy of each name: every parsed line brings its own copies of the same few strings. */
  readonly #names = new Map<string, string>();
  readonly #info: CallInfo = {
    operation: undefined,
    provider: undefined,
    requestModel: undefined,
    responseModel: undefined,
  };
  readonly #usage: Usage = {
    input: 0,
    output: 0,
    cacheRead: 0,
    cacheWrite: 0,
    cacheWrite1h: 0,
    reasoning: 0,
  };

  add(span: ReportSpan): void {
    this.#spans++;
    this.#traces.add(span.traceId);
    const a = span.attributes;
    const operation = str(a[ATTR_GEN_AI_OPERATION_NAME]);
    const conversation = this.#intern(str(a[ATTR_GEN_AI_CONVERSATION_ID]));
    if (conversation !== undefined) this.#conversations.add(conversation);
    const isAgent = operation === GEN_AI_OPERATION.INVOKE_AGENT;
    const agent = isAgent ? (this.#intern(str(a[ATTR_GEN_AI_AGENT_NAME])) ?? NONE) : undefined;
    this.#nodes.set(span.spanId, {
      parent: span.parentSpanId,
      agent,
      conversation,
      tenant: this.#intern(str(a[ATTR_TENANT_ID])),
    });

    const errorType = str(a[ATTR_ERROR_TYPE]);
    const failed = span.statusCode === 2 || errorType !== undefined;
    if (failed) {
      const type = errorType ?? span.exceptionType ?? ERROR_TYPE_OTHER;
      const e = this.#errors.get(type) ?? { count: 0, operations: new Set<string>() };
      e.count++;
      e.operations.add(operation ?? span.name);
      this.#errors.set(type, e);
    }

    if (readCallInfo(a, this.#info)) {
      const hasUsage = readUsage(a, this.#usage) >= 0;
      const cost = a[ATTR_GEN_AI_USAGE_COST_AMOUNT];
      this.#calls.push({
        spanId: span.spanId,
        model: this.#intern(this.#info.requestModel ?? this.#info.responseModel) ?? NONE,
        error: failed,
        input: hasUsage ? this.#usage.input : 0,
        output: hasUsage ? this.#usage.output : 0,
        cacheRead: hasUsage ? this.#usage.cacheRead : 0,
        cacheWrite: hasUsage ? this.#usage.cacheWrite : 0,
        cost: typeof cost === 'number' && Number.isFinite(cost) ? cost : undefined,
        hasUsage: hasUsage && this.#usage.input + this.#usage.output > 0,
        ms: span.durationMs,
      });
      return;
    }
    if (agent !== undefined) {
      const s = this.#agents.get(agent) ?? { durations: [], outcomes: {} };
      const outcome =
        str(a[ATTR_GEN_AI_AGENT_OUTCOME]) ??
        (span.statusCode === 2 ? GENAI_OTEL_OUTCOME.ERROR : GENAI_OTEL_OUTCOME.SUCCESS);
      s.durations.push(span.durationMs);
      s.outcomes[outcome] = (s.outcomes[outcome] ?? 0) + 1;
      this.#agents.set(agent, s);
    } else if (operation === GENAI_OTEL_OPERATION.HANDOFF) {
      const type = str(a[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]);
      const target = str(a[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]) ?? NONE;
      this.#handoffs.push({
        reason: str(a[ATTR_GEN_AI_AGENT_HANDOFF_REASON]) ?? NONE,
        target: type ? `${target} (${type})` : target,
        human: type === GENAI_OTEL_HANDOFF_TARGET_TYPE.HUMAN,
        spanId: span.spanId,
      });
    } else if (operation === GEN_AI_OPERATION.RETRIEVAL) {
      const source = str(a[ATTR_GEN_AI_DATA_SOURCE_ID]) ?? NONE;
      const r = this.#retrieval.get(source) ?? { calls: 0, hits: 0, misses: 0 };
      const outcome = a[ATTR_GEN_AI_RETRIEVAL_OUTCOME];
      r.calls++;
      if (outcome === GENAI_OTEL_RETRIEVAL_OUTCOME.HIT) r.hits++;
      else if (outcome === GENAI_OTEL_RETRIEVAL_OUTCOME.MISS) r.misses++;
      this.#retrieval.set(source, r);
    }
  }

  #intern(name: string | undefined): string | undefined {
    if (name === undefined) return undefined;
    const known = this.#names.get(name);
    if (known !== undefined) return known;
    this.#names.set(name, name);
    return name;
  }

  /** The nearest value of `pick` on the span or its ancestors. */
  #inherit(spanId: string, pick: (n: Node) => string | undefined): string | undefined {
    let id: string | undefined = spanId;
    for (let depth = 0; id !== undefined && depth < MAX_DEPTH; depth++) {
      const node = this.#nodes.get(id);
      if (!node) return undefined;
      const v = pick(node);
      if (v !== undefined) return v;
      id = node.parent;
    }
    return undefined;
  }

  finish(): Report {
    const all = new Groups();
    const byModel = new Groups();
    const byConversation = new Groups();
    const byTenant = new Groups();
    const byAgent = new Groups();
    for (const call of this.#calls) {
      all.get('all').add(call);
      byModel.get(call.model).add(call);
      byConversation.get(this.#inherit(call.spanId, (n) => n.conversation) ?? NONE).add(call);
      byTenant.get(this.#inherit(call.spanId, (n) => n.tenant) ?? NONE).add(call);
      byAgent.get(this.#inherit(call.spanId, (n) => n.agent) ?? NONE).add(call);
    }
    const totals = all.stats()[0] ?? new Groups().get('all').stats();

    // Agents: their calls' figures, plus their own invocations (an agent may make no call).
    const agentStats = new Map(byAgent.stats().map((s) => [s.key, s]));
    for (const name of this.#agents.keys()) {
      if (!agentStats.has(name)) agentStats.set(name, byAgent.get(name).stats());
    }
    const byAgentOut: AgentStats[] = [...agentStats.values()].map((s) => {
      const inv = this.#agents.get(s.key);
      return {
        ...s,
        invocations: inv?.durations.length ?? 0,
        invocationMs: percentiles(inv?.durations ?? []),
        outcomes: inv?.outcomes ?? {},
      };
    });

    let invocations = 0;
    for (const s of this.#agents.values()) invocations += s.durations.length;
    const humanConversations = new Set<string>();
    for (const h of this.#handoffs) {
      if (!h.human) continue;
      const conv = this.#inherit(h.spanId, (n) => n.conversation);
      if (conv !== undefined) humanConversations.add(conv);
    }
    const conversations = this.#conversations.size;

    let hits = 0;
    let misses = 0;
    let retrievals = 0;
    const bySource: RetrievalSource[] = [];
    for (const [key, r] of this.#retrieval) {
      hits += r.hits;
      misses += r.misses;
      retrievals += r.calls;
      bySource.push({ key, ...r, hitRate: rate(r.hits, r.hits + r.misses) });
    }

    let errorTotal = 0;
    const byType: ErrorType[] = [];
    for (const [key, e] of this.#errors) {
      errorTotal += e.count;
      byType.push({ key, count: e.count, operations: [...e.operations].sort() });
    }

    return {
      spans: this.#spans,
      traces: this.#traces.size,
      totals,
      byModel: byModel.stats(),
      byConversation: byConversation.stats(),
      byTenant: byTenant.stats(),
      byAgent: byAgentOut.sort(
        (a, b) =>
          b.costUsd - a.costUsd || b.invocations - a.invocations || a.key.localeCompare(b.key),
      ),
      handoffs: {
        total: this.#handoffs.length,
        toHuman: this.#handoffs.filter((h) => h.human).length,
        perInvocation: rate(this.#handoffs.length, invocations),
        conversations,
        conversationsWithHumanHandoff: humanConversations.size,
        humanHandoffRate: rate(humanConversations.size, conversations),
        byReason: counts(this.#handoffs.map((h) => h.reason)),
        byTarget: counts(this.#handoffs.map((h) => h.target)),
      },
      retrieval: {
        key: 'all',
        calls: retrievals,
        hits,
        misses,
        hitRate: rate(hits, hits + misses),
        bySource: bySource.sort((a, b) => b.calls - a.calls || a.key.localeCompare(b.key)),
      },
      errors: {
        total: errorTotal,
        byType: byType.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
      },
    };
  }
}

function rate(part: number, whole: number): number | undefined {
  return whole > 0 ? part / whole : undefined;
}

function counts(keys: string[]): Count[] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
