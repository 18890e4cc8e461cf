/**
 * genai-otel's names for COST and for the metrics the `genai_metrics` connector derives from spans.
 * Cost attributes follow the open proposal semantic-conventions-genai#443 (`gen_ai.usage.cost.*`:
 * amount, currency, source) and its per-class breakdown follow-up #484 (input, output, cache_read,
 * cache_write, reasoning), so adopting the final names is a rename here.
 */
import {
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
} from './agents.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
} from './attributes.js';
import { DURATION_BUCKETS, type MetricDefinition } from './metrics.js';

// Cost of one inference call (set by the `genai_cost` processor on inference spans only, never on
// agent/workflow spans, so summing over a trace never counts a call twice).
/** Total cost of the call; the parts below add up to it. */
export const ATTR_GEN_AI_USAGE_COST_AMOUNT = 'gen_ai.usage.cost.amount';
/** ISO 4217 code of every cost attribute: always `USD` here. */
export const ATTR_GEN_AI_USAGE_COST_CURRENCY = 'gen_ai.usage.cost.currency';
/** `provider` when the response carried the cost, `local` when computed from a pricing table. */
export const ATTR_GEN_AI_USAGE_COST_SOURCE = 'gen_ai.usage.cost.source';
/** Uncached input tokens × input price. */
export const ATTR_GEN_AI_USAGE_COST_INPUT = 'gen_ai.usage.cost.input';
/** Cached input tokens read × cache-read price. */
export const ATTR_GEN_AI_USAGE_COST_CACHE_READ = 'gen_ai.usage.cost.cache_read';
/** Cache-creation tokens × cache-write price (5-minute and 1-hour writes priced apart). */
export const ATTR_GEN_AI_USAGE_COST_CACHE_WRITE = 'gen_ai.usage.cost.cache_write';
/** Output tokens that are not reasoning × output price. */
export const ATTR_GEN_AI_USAGE_COST_OUTPUT = 'gen_ai.usage.cost.output';
/** Reasoning tokens × reasoning price (the output price unless the table says otherwise). */
export const ATTR_GEN_AI_USAGE_COST_REASONING = 'gen_ai.usage.cost.reasoning';

/**
 * Ours: the part of `gen_ai.usage.cache_creation.input_tokens` written to the 1-hour cache (the
 * rest is a 5-minute write); Anthropic prices the two differently.
 */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS =
  'gen_ai.usage.cache_creation.1h.input_tokens';

/**
 * Ours: set by `genai_cost` on a model-call span whose call another span already counts (the
 * span id of that owner, 16 hex digits): a provider SDK's own span under ours, ours under a
 * framework's or a third party's. The call's usage is priced and counted on the owner only;
 * `genai_metrics` and the LangSmith exporter skip the usage of a span that has it.
 */
export const ATTR_GEN_AI_USAGE_OWNER_SPAN_ID = 'gen_ai.usage.owner_span_id';

/** Values of `gen_ai.usage.cost.source`. */
export const GEN_AI_USAGE_COST_SOURCE = {
  PROVIDER: 'provider',
  LOCAL: 'local',
} as const;

/** The currency of every cost genai-otel computes. */
export const COST_CURRENCY_USD = 'USD';

/** The OpenTelemetry metrics SDK's attribute for a series that folds values past a cardinality limit. */
export const ATTR_OTEL_METRIC_OVERFLOW = 'otel.metric.overflow';

/** A genai-otel metric: its instrument and the attributes (labels) it carries. */
export interface GenAIOtelMetricDefinition extends MetricDefinition {
  readonly instrument: 'counter' | 'histogram';
  /** Attribute keys recorded, besides configured extra dimensions. */
  readonly attributes: readonly string[];
}

/** Boundaries for relevance scores in [0, 1]. */
export const SCORE_BUCKETS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

const MODEL_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
];

export const METRIC_GEN_AI_CLIENT_COST: GenAIOtelMetricDefinition = {
  name: 'gen_ai.client.cost',
  unit: '{USD}',
  instrument: 'counter',
  description: 'Cost of GenAI inference calls in US dollars, from the genai_cost pricing table',
  attributes: MODEL_KEYS,
};

export const METRIC_GEN_AI_CLIENT_COST_UNPRICED: GenAIOtelMetricDefinition = {
  name: 'gen_ai.client.cost.unpriced',
  unit: '{call}',
  instrument: 'counter',
  description:
    'Inference calls that used tokens but have no cost (model missing from the pricing table)',
  attributes: MODEL_KEYS,
};

export const METRIC_GEN_AI_AGENT_DURATION: GenAIOtelMetricDefinition = {
  name: 'gen_ai.agent.duration',
  unit: 's',
  instrument: 'histogram',
  description: 'Duration of agent invocations; its count is the number of invocations',
  buckets: DURATION_BUCKETS,
  attributes: [ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_AGENT_OUTCOME],
};

export const METRIC_GEN_AI_AGENT_HANDOFFS: GenAIOtelMetricDefinition = {
  name: 'gen_ai.agent.handoffs',
  unit: '{handoff}',
  instrument: 'counter',
  description: 'Handoffs from one agent to another agent or to a human',
  attributes: [
    ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
    ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
    ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
    ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ],
};

export const METRIC_GEN_AI_TOOL_DURATION: GenAIOtelMetricDefinition = {
  name: 'gen_ai.tool.duration',
  unit: 's',
  instrument: 'histogram',
  description: 'Duration of tool executions; its count is the number of tool calls',
  buckets: DURATION_BUCKETS,
  attributes: [ATTR_GEN_AI_TOOL_NAME, ATTR_GEN_AI_TOOL_CALL_OUTCOME],
};

export const METRIC_GEN_AI_RAG_STAGE_DURATION: GenAIOtelMetricDefinition = {
  name: 'gen_ai.rag.stage.duration',
  unit: 's',
  instrument: 'histogram',
  description: 'Duration of RAG stages (retrieval, embeddings, rerank) by stage',
  buckets: DURATION_BUCKETS,
  attributes: [ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_DATA_SOURCE_ID],
};

export const METRIC_GEN_AI_RETRIEVAL_CALLS: GenAIOtelMetricDefinition = {
  name: 'gen_ai.retrieval.calls',
  unit: '{call}',
  instrument: 'counter',
  description: 'Retrievals by outcome: hit (documents came back) or miss',
  attributes: [ATTR_GEN_AI_DATA_SOURCE_ID, ATTR_GEN_AI_RETRIEVAL_OUTCOME],
};

export const METRIC_GEN_AI_RETRIEVAL_TOP_SCORE: GenAIOtelMetricDefinition = {
  name: 'gen_ai.retrieval.top_score',
  unit: '1',
  instrument: 'histogram',
  description: 'Relevance score of the best document of each retrieval',
  buckets: SCORE_BUCKETS,
  attributes: [ATTR_GEN_AI_DATA_SOURCE_ID],
};

export const METRIC_GEN_AI_ERRORS: GenAIOtelMetricDefinition = {
  name: 'gen_ai.errors',
  unit: '{error}',
  instrument: 'counter',
  description: 'Failed GenAI operations (inference, tools, agents, retrieval) by error.type',
  attributes: [...MODEL_KEYS, ATTR_ERROR_TYPE],
};
