import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  ATTR_OTEL_METRIC_OVERFLOW,
  ATTR_TENANT_ID,
  DURATION_BUCKETS,
  METRIC_GEN_AI_AGENT_DURATION,
  METRIC_GEN_AI_AGENT_HANDOFFS,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_COST_UNPRICED,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GEN_AI_ERRORS,
  METRIC_GEN_AI_RAG_STAGE_DURATION,
  METRIC_GEN_AI_RETRIEVAL_CALLS,
  METRIC_GEN_AI_RETRIEVAL_TOP_SCORE,
  METRIC_GEN_AI_TOOL_DURATION,
  SCORE_BUCKETS,
  TOKEN_USAGE_BUCKETS,
} from '@genai-otel/semantic-conventions';
import { afterEach, describe, expect, it } from 'vitest';
import { GenAIMetricsConnector } from './genai-metrics-connector.js';
import { topScore } from './span-metrics.js';
import { type Harness, harness, point } from './test-helpers.js';

let h: Harness | undefined;
afterEach(() => h?.shutdown());

const chat = (model: string, input: number, output: number, cost?: number) => ({
  [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
  [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
  [ATTR_GEN_AI_REQUEST_MODEL]: model,
  [ATTR_GEN_AI_RESPONSE_MODEL]: `${model}-2024-07-18`,
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: input,
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: output,
  ...(cost === undefined ? {} : { [ATTR_GEN_AI_USAGE_COST_AMOUNT]: cost }),
});

describe('genai_metrics connector', () => {
  it('counts a call once: a span marked as counted by another (owner mark) adds nothing', async () => {
    h = harness(new GenAIMetricsConnector());
    h.span('chat gpt-4o-mini', chat('gpt-4o-mini', 100, 20, 0.0001), 0.3);
    h.span(
      'chat gpt-4o-mini',
      { ...chat('gpt-4o-mini', 100, 20), [ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]: '00f067aa0ba902b7' },
      0.4,
    );
    await h.collect();
    const duration = h.histograms(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name);
    expect(duration.map((p) => p.value.count)).toEqual([1]);
    expect(h.sums(METRIC_GEN_AI_CLIENT_COST.name).map((p) => p.value)).toEqual([0.0001]);
    expect(h.sums(METRIC_GEN_AI_CLIENT_COST_UNPRICED.name)).toEqual([]);
    const input = point(h.histograms(METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name), {
      [ATTR_GEN_AI_TOKEN_TYPE]: 'input',
    });
    expect(input.value.sum).toBe(100);
  });

  it('records tokens, duration, TTFT, cost and unpriced calls with the conventions’ names and buckets', async () => {
    h = harness(new GenAIMetricsConnector());
    h.span('chat gpt-4o-mini', chat('gpt-4o-mini', 100, 20, 0.0001), 0.3);
    h.span(
      'chat gpt-4o-mini',
      { ...chat('gpt-4o-mini', 300, 40, 0.0003), [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: 0.05 },
      1.5,
    );
    h.span('chat in-house', chat('in-house', 10, 5), 0.1);
    h.span('http GET', { 'http.request.method': 'GET' });
    expect(await h.names()).toEqual(
      [
        METRIC_GEN_AI_CLIENT_COST.name,
        METRIC_GEN_AI_CLIENT_COST_UNPRICED.name,
        METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name,
        METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK.name,
        METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name,
      ].sort(),
    );

    const tokens = h.histograms(METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name);
    const input = point(tokens, {
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [ATTR_GEN_AI_TOKEN_TYPE]: 'input',
    });
    expect(input.value.sum).toBe(400);
    expect(input.value.count).toBe(2);
    expect(input.value.buckets.boundaries).toEqual(TOKEN_USAGE_BUCKETS);
    expect(input.attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
      [ATTR_GEN_AI_TOKEN_TYPE]: 'input',
    });
    const output = point(tokens, {
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [ATTR_GEN_AI_TOKEN_TYPE]: 'output',
    });
    expect(output.value.sum).toBe(60);

    const duration = point(h.histograms(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name), {
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
    });
    expect(duration.value.buckets.boundaries).toEqual(DURATION_BUCKETS);
    expect(duration.value.sum).toBeCloseTo(1.8, 9);
    // 0.3 s falls in (0.16, 0.32], 1.5 s in (1.28, 2.56].
    expect(duration.value.buckets.counts[DURATION_BUCKETS.indexOf(0.32)]).toBe(1);
    expect(duration.value.buckets.counts[DURATION_BUCKETS.indexOf(2.56)]).toBe(1);

    const ttft = h.histograms(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK.name);
    expect(ttft).toHaveLength(1);
    expect(ttft[0]!.value.sum).toBe(0.05);

    const cost = h.sums(METRIC_GEN_AI_CLIENT_COST.name);
    expect(cost).toHaveLength(1);
    expect(cost[0]!.value).toBeCloseTo(0.0004, 12);
    expect(cost[0]!.attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
    });
    const unpriced = h.sums(METRIC_GEN_AI_CLIENT_COST_UNPRICED.name);
    expect(unpriced.map((p) => [p.attributes[ATTR_GEN_AI_REQUEST_MODEL], p.value])).toEqual([
      ['in-house', 1],
    ]);
  });

  it('records agents, handoffs, tools, RAG stages, retrieval hits and top scores, and errors', async () => {
    h = harness(new GenAIMetricsConnector());
    h.span(
      'invoke_agent triage',
      {
        [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
        [ATTR_GEN_AI_AGENT_NAME]: 'triage',
        [ATTR_GEN_AI_AGENT_OUTCOME]: 'handoff',
      },
      2,
    );
    h.span(
      'invoke_agent billing',
      { [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent', [ATTR_GEN_AI_AGENT_NAME]: 'billing' },
      1,
      true,
    );
    h.span('handoff billing', {
      [ATTR_GEN_AI_OPERATION_NAME]: 'handoff',
      [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'triage',
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'billing',
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: 'agent',
      [ATTR_GEN_AI_AGENT_HANDOFF_REASON]: 'routing',
    });
    h.span(
      'execute_tool lookup',
      {
        [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
        [ATTR_GEN_AI_TOOL_NAME]: 'lookup',
        [ATTR_GEN_AI_TOOL_CALL_OUTCOME]: 'error',
        [ATTR_ERROR_TYPE]: 'TimeoutError',
      },
      0.2,
      true,
    );
    h.span(
      'retrieval kb',
      {
        [ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
        [ATTR_GEN_AI_DATA_SOURCE_ID]: 'kb',
        [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: 'hit',
        [ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]: '[{"id":"a","score":0.42},{"id":"b","score":0.87}]',
      },
      0.05,
    );
    h.span(
      'retrieval kb',
      {
        [ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
        [ATTR_GEN_AI_DATA_SOURCE_ID]: 'kb',
        [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: 'miss',
      },
      0.05,
    );
    h.span('rerank m', { [ATTR_GEN_AI_OPERATION_NAME]: 'rerank' }, 0.1);
    await h.collect();

    const agents = h.histograms(METRIC_GEN_AI_AGENT_DURATION.name);
    expect(
      agents
        .map((p) => [p.attributes, p.value.count])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual([
      [{ [ATTR_GEN_AI_AGENT_NAME]: 'billing', [ATTR_GEN_AI_AGENT_OUTCOME]: 'error' }, 1],
      [{ [ATTR_GEN_AI_AGENT_NAME]: 'triage', [ATTR_GEN_AI_AGENT_OUTCOME]: 'handoff' }, 1],
    ]);
    expect(h.sums(METRIC_GEN_AI_AGENT_HANDOFFS.name).map((p) => [p.attributes, p.value])).toEqual([
      [
        {
          [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'triage',
          [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'billing',
          [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: 'agent',
          [ATTR_GEN_AI_AGENT_HANDOFF_REASON]: 'routing',
        },
        1,
      ],
    ]);
    const tools = h.histograms(METRIC_GEN_AI_TOOL_DURATION.name);
    expect(tools.map((p) => [p.attributes, p.value.count])).toEqual([
      [{ [ATTR_GEN_AI_TOOL_NAME]: 'lookup', [ATTR_GEN_AI_TOOL_CALL_OUTCOME]: 'error' }, 1],
    ]);
    const stages = h.histograms(METRIC_GEN_AI_RAG_STAGE_DURATION.name);
    expect(
      stages.map((p) => [p.attributes[ATTR_GEN_AI_OPERATION_NAME], p.value.count]).sort(),
    ).toEqual([
      ['rerank', 1],
      ['retrieval', 2],
    ]);
    expect(
      h
        .sums(METRIC_GEN_AI_RETRIEVAL_CALLS.name)
        .map((p) => [p.attributes[ATTR_GEN_AI_RETRIEVAL_OUTCOME], p.value])
        .sort(),
    ).toEqual([
      ['hit', 1],
      ['miss', 1],
    ]);
    const top = h.histograms(METRIC_GEN_AI_RETRIEVAL_TOP_SCORE.name);
    expect(top).toHaveLength(1);
    expect(top[0]!.value.sum).toBe(0.87);
    expect(top[0]!.value.buckets.boundaries).toEqual(SCORE_BUCKETS);
    expect(
      h
        .sums(METRIC_GEN_AI_ERRORS.name)
        .map((p) => [
          p.attributes[ATTR_GEN_AI_OPERATION_NAME],
          p.attributes[ATTR_ERROR_TYPE],
          p.value,
        ])
        .sort(),
    ).toEqual([
      ['execute_tool', 'TimeoutError', 1],
      ['invoke_agent', '_OTHER', 1],
    ]);
  });

  it('counts a failed inference call as an error with its error.type', async () => {
    h = harness(new GenAIMetricsConnector());
    h.span(
      'chat gpt-4o',
      {
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
        [ATTR_ERROR_TYPE]: '429',
      },
      0.1,
      true,
    );
    await h.collect();
    expect(
      h.sums(METRIC_GEN_AI_ERRORS.name).map((p) => [p.attributes[ATTR_ERROR_TYPE], p.value]),
    ).toEqual([['429', 1]]);
    expect(
      h.sums(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name)[0]!.attributes[ATTR_ERROR_TYPE],
    ).toBe('429');
  });

  it('adds extra dimensions, folds combinations past the limit into one overflow series and says so once', async () => {
    const warnings: string[] = [];
    const seen = new Set<string>();
    const log = {
      once: (key: string, _l: string, m: string) =>
        !seen.has(key) && seen.add(key) && warnings.push(m),
    };
    h = harness(
      new GenAIMetricsConnector({
        dimensions: [{ name: ATTR_TENANT_ID, default: 'none' }],
        cardinalityLimit: 2,
        log,
      }),
    );
    for (const tenant of ['acme', 'globex', 'initech', 'umbrella']) {
      h.span('chat', {
        ...chat('gpt-4o', 10, 1, 0.001),
        [ATTR_TENANT_ID]: tenant,
        [ATTR_GEN_AI_CONVERSATION_ID]: `c-${tenant}`,
      });
    }
    h.span('chat', chat('gpt-4o', 10, 1, 0.001));
    await h.collect();
    const cost = h.sums(METRIC_GEN_AI_CLIENT_COST.name);
    const by = (p: (typeof cost)[number]) =>
      String(p.attributes[ATTR_TENANT_ID] ?? `overflow=${p.attributes[ATTR_OTEL_METRIC_OVERFLOW]}`);
    expect(cost.map((p) => [by(p), Math.round(p.value * 1000)]).sort()).toEqual([
      ['acme', 1],
      ['globex', 1],
      ['overflow=true', 3],
    ]);
    for (const p of cost) expect(p.attributes[ATTR_GEN_AI_CONVERSATION_ID]).toBeUndefined();
    expect(warnings).toEqual([
      `more than 2 combinations of the dimensions [${ATTR_TENANT_ID}]; further ones are folded into one series with ${ATTR_OTEL_METRIC_OVERFLOW}=true (raise cardinality_limit or drop a dimension)`,
    ]);
  });

  it('records nothing before it is attached to a MeterProvider', async () => {
    const connector = new GenAIMetricsConnector();
    connector.spanProcessor.onEnd({} as never);
    h = harness(connector);
    expect(await h.names()).toEqual([]);
  });
});

describe('topScore', () => {
  it('is the best score, and undefined for anything else', () => {
    expect(topScore('[{"id":1,"score":0.2},{"id":2,"score":0.9},{"id":3}]')).toBe(0.9);
    expect(topScore('[]')).toBeUndefined();
    expect(topScore('not json')).toBeUndefined();
    expect(topScore(undefined)).toBeUndefined();
  });
});
