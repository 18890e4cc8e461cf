/**
 * LangGraph 1.x with no code change: the real `@langchain/langgraph` and `@langchain/openai`
 * against the mock server, in child processes under `node --import @genai-otel/register` with
 * genai_cost and genai_metrics (both runs at once, each with its own mock server). Exact span
 * trees (`$`: the priced span, one per HTTP call), tool and handoff spans and their metrics.
 */
import {
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  METRIC_GEN_AI_AGENT_DURATION,
  METRIC_GEN_AI_AGENT_HANDOFFS,
  METRIC_GEN_AI_TOOL_DURATION,
} from '@genai-otel/semantic-conventions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  counterSum,
  expectChatOwnedBeneath,
  expectCountedOnce,
  type LangChainRun,
  runLangChainApp,
  traces,
  tree,
} from './support/langchain.js';
import { useTempDirs } from './support/run-app.js';

const tempDir = useTempDirs();

let agent: LangChainRun;
let supervisor: LangChainRun;
beforeAll(async () => {
  [agent, supervisor] = await Promise.all([
    runLangChainApp('langgraph-agent-app.mjs', await tempDir()),
    runLangChainApp('langgraph-supervisor-app.mjs', await tempDir()),
  ]);
}, 300_000);

describe('LangGraph 1.x', () => {
  it('an agent node and a ToolNode: invoke_agent, nodes as steps, execute_tool', () => {
    expect(JSON.parse(agent.stdout.split('RESULT ')[1]!)).toEqual({
      answer: 'Echo: Sunny in Paris',
    });
    // `RunnableLambda` under each `agent` step: the graph's `toolsCondition` edge.
    expect(traces(agent.spans)).toEqual([
      tree(
        'invoke_agent weather_agent',
        '  agent',
        '    chat gpt-4o-mini',
        '      chat gpt-4o-mini (openai) $',
        '    RunnableLambda',
        '  tools',
        '    execute_tool get_weather',
        '  agent',
        '    chat gpt-4o-mini',
        '      chat gpt-4o-mini (openai) $',
        '    RunnableLambda',
      ),
    ]);
    const toolSpan = agent.spans.find((s) => s.name === 'execute_tool get_weather')!;
    expect(toolSpan.attributes[ATTR_GEN_AI_TOOL_NAME]).toBe('get_weather');
    expect(toolSpan.attributes[ATTR_GEN_AI_TOOL_CALL_ID]).toMatch(/^call_/);
    expectChatOwnedBeneath(agent.spans);
    expect(agent.httpCalls).toBe(2);
    expectCountedOnce(agent, 2);
    expect(counterSum(agent.metrics, METRIC_GEN_AI_TOOL_DURATION.name)).toBe(1);
    expect(
      counterSum(agent.metrics, METRIC_GEN_AI_AGENT_DURATION.name, {
        [ATTR_GEN_AI_AGENT_NAME]: 'weather_agent',
      }),
    ).toBe(1);
  });

  it('a supervisor handing off with Command({ goto }) to a sub-graph agent: a handoff span', () => {
    expect(traces(supervisor.spans)).toEqual([
      tree(
        'invoke_workflow LangGraph',
        '  supervisor',
        '    chat gpt-4o-mini',
        '      chat gpt-4o-mini (openai) $',
        '    handoff researcher',
        '  researcher',
        '    invoke_agent researcher',
        '      research',
        '        chat gpt-4o-mini',
        '          chat gpt-4o-mini (openai) $',
      ),
    ]);
    const handoff = supervisor.spans.find((s) => s.name === 'handoff researcher')!;
    expect(handoff.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'handoff',
      [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'supervisor',
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'researcher',
    });
    expect(supervisor.httpCalls).toBe(2);
    expectCountedOnce(supervisor, 2);
    expect(
      counterSum(supervisor.metrics, METRIC_GEN_AI_AGENT_HANDOFFS.name, {
        [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'supervisor',
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'researcher',
      }),
    ).toBe(1);
  });
});
