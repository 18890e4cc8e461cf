import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_GUARDRAIL_TRIGGERED,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { withAgent, withConversation, withTool } from '@genai-otel/tracing';
import { describe, expect, it } from 'vitest';
import {
  bridge,
  byName,
  loadAgents,
  openaiInstrumentation,
  spans,
  tree,
  useMockServer,
  z,
} from './helpers.js';

const agents = loadAgents();
const { Agent, run, tool, withTrace } = agents;

// A tool that makes its own model call through the openai SDK (an agent as a tool would too).
const lookup = tool({
  name: 'lookup',
  description: 'Looks something up',
  parameters: z.object({ topic: z.string() }),
  execute: async ({ topic }: { topic: string }) => {
    const inner = new Agent({ name: 'researcher', instructions: 'Research', model: 'gpt-4o' });
    return (await run(inner, `about ${topic}`)).finalOutput;
  },
});
const helper = new Agent({
  name: 'helper',
  instructions: 'Help',
  model: 'gpt-4o-mini',
  tools: [lookup],
});

describe('the bridge with the manual API and other run shapes', () => {
  useMockServer(agents);

  it('a run inside withConversation + withAgent of the same agent: no duplicate agent span', async () => {
    await withConversation({ conversationId: 'conv-7' }, () =>
      withAgent('helper', () => run(helper, 'hello')),
    );
    expect(tree()).toEqual([
      'invoke_agent helper',
      '  chat gpt-4o-mini-2024-07-18',
      '    chat gpt-4o-mini',
    ]);
    for (const s of spans()) expect(s.attributes[ATTR_GEN_AI_CONVERSATION_ID]).toBe('conv-7');
    expect(bridge.openSpans).toBe(0);
  });

  it('a run inside withAgent of another name nests under it, workflow included', async () => {
    await withAgent('frontdesk', () => run(helper, 'hello'));
    expect(tree()).toEqual([
      'invoke_agent frontdesk',
      '  invoke_workflow Agent workflow',
      '    invoke_agent helper',
      '      chat gpt-4o-mini-2024-07-18',
      '        chat gpt-4o-mini',
    ]);
  });

  it("a tool's own run nests under the tool; the app's own span inside a tool wins", async () => {
    await run(helper, 'please lookup otel');
    expect(tree()).toEqual([
      'invoke_workflow Agent workflow',
      '  invoke_agent helper',
      '    chat gpt-4o-mini-2024-07-18',
      '      chat gpt-4o-mini',
      '    execute_tool lookup',
      '      invoke_agent researcher',
      '        chat gpt-4o-2024-08-06',
      '          chat gpt-4o',
      '    chat gpt-4o-mini-2024-07-18',
      '      chat gpt-4o-mini',
    ]);
    expect(new Set(spans().map((s) => s.spanContext().traceId)).size).toBe(1);
  });

  it("the app's withTool inside an Agents tool is the parent of what it runs", async () => {
    const wrapped = tool({
      name: 'wrapped',
      description: 'Wraps',
      parameters: z.object({}),
      execute: async () =>
        withTool('db_query', async () => {
          const inner = new Agent({ name: 'inner', instructions: 'x', model: 'gpt-4o' });
          return (await run(inner, 'q')).finalOutput;
        }),
    });
    const a = new Agent({
      name: 'outer',
      instructions: 'x',
      model: 'gpt-4o-mini',
      tools: [wrapped],
    });
    await run(a, 'call wrapped');
    expect(tree()).toEqual([
      'invoke_workflow Agent workflow',
      '  invoke_agent outer',
      '    chat gpt-4o-mini-2024-07-18',
      '      chat gpt-4o-mini',
      '    execute_tool wrapped',
      '      execute_tool db_query',
      '        invoke_agent inner',
      '          chat gpt-4o-2024-08-06',
      '            chat gpt-4o',
      '    chat gpt-4o-mini-2024-07-18',
      '      chat gpt-4o-mini',
    ]);
    const dbQuery = byName('execute_tool db_query')[0]!;
    const innerAgent = byName('invoke_agent inner')[0]!;
    expect(innerAgent.parentSpanContext?.spanId).toBe(dbQuery.spanContext().spanId);
  });

  it('streamed runs and concurrent runs: one trace each, parents right', async () => {
    const streamed = await run(helper, 'hello', { stream: true });
    for await (const _ of streamed) {
      // read to the end
    }
    await streamed.completed;
    await Promise.all([run(helper, 'one'), run(helper, 'two')]);
    const roots = byName('invoke_workflow Agent workflow');
    expect(roots).toHaveLength(3);
    expect(new Set(roots.map((r) => r.spanContext().traceId)).size).toBe(3);
    for (const root of roots) {
      const traceId = root.spanContext().traceId;
      expect(tree(spans().filter((s) => s.spanContext().traceId === traceId))).toEqual([
        'invoke_workflow Agent workflow',
        '  invoke_agent helper',
        '    chat gpt-4o-mini-2024-07-18',
        '      chat gpt-4o-mini',
      ]);
    }
    const streamedCall = byName('chat gpt-4o-mini').find(
      (s) => s.attributes[ATTR_GEN_AI_REQUEST_STREAM],
    );
    expect(streamedCall?.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeGreaterThan(0);
    expect(bridge.openSpans).toBe(0);
  });

  it('withTrace around two runs: one workflow span, both runs under it', async () => {
    await withTrace('support session', async () => {
      await run(helper, 'one');
      await run(helper, 'two');
    });
    expect(tree()).toEqual([
      'invoke_workflow support session',
      '  invoke_agent helper',
      '    chat gpt-4o-mini-2024-07-18',
      '      chat gpt-4o-mini',
      '  invoke_agent helper',
      '    chat gpt-4o-mini-2024-07-18',
      '      chat gpt-4o-mini',
    ]);
  });

  it("without the openai instrumentation the SDK's response span is the model call, with its usage", async () => {
    openaiInstrumentation.disable();
    try {
      await run(helper, 'hello');
    } finally {
      openaiInstrumentation.enable();
    }
    expect(tree()).toEqual([
      'invoke_workflow Agent workflow',
      '  invoke_agent helper',
      '    chat gpt-4o-mini-2024-07-18',
    ]);
    const [call] = byName('chat gpt-4o-mini-2024-07-18');
    expect(call!.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeGreaterThan(0);
  });

  it('an output guardrail: its span under the agent, with its result', async () => {
    const checked = new Agent({
      name: 'checked',
      instructions: 'x',
      model: 'gpt-4o-mini',
      outputGuardrails: [
        { name: 'no_pii', execute: async () => ({ outputInfo: {}, tripwireTriggered: false }) },
      ],
    });
    await run(checked, 'hello');
    expect(tree()).toEqual([
      'invoke_workflow Agent workflow',
      '  invoke_agent checked',
      '    chat gpt-4o-mini-2024-07-18',
      '      chat gpt-4o-mini',
      '    guardrail no_pii',
    ]);
    expect(byName('guardrail no_pii')[0]!.attributes[ATTR_GEN_AI_GUARDRAIL_TRIGGERED]).toBe(false);
  });
});
