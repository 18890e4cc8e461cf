/**
 * The RevOps agents run as a user runs them (`node --import @genai-otel/register`), checked span
 * by span: each request's agent tree, the handoff spans and the receiving agents' links to them,
 * the tool calls (real SQL; one timeout and its retry), the escalation to humans, and the
 * conversation / user / tenant ids on every span.
 */

import {
  compareNanos,
  type ExampleRun,
  type FlatSpan,
  runExample,
  sortTreeLines,
  spanTree,
  traceOf,
} from '@genai-otel/test-utils';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The example's folder: `runExample` runs `src/app.mjs` there. */
const EXAMPLE_DIR = new URL('..', import.meta.url);

const CONTEXT_KEYS = ['gen_ai.conversation.id', 'user.id', 'tenant.id'];
const REQUESTS = [
  { id: 'conv-revops-01', dealId: 'D-1001', rep: 'rep-ana', team: 'revops-emea' },
  { id: 'conv-revops-02', dealId: 'D-1002', rep: 'rep-ben', team: 'revops-amer' },
  { id: 'conv-revops-03', dealId: 'D-1003', rep: 'rep-cho', team: 'revops-amer' },
] as const;
type DealId = (typeof REQUESTS)[number]['dealId'];

function own(span: FlatSpan | undefined): Record<string, unknown> {
  const out = { ...span?.attributes };
  for (const key of CONTEXT_KEYS) delete out[key];
  return out;
}

/** The request a trace belongs to, from its root's conversation id; anything else fails loudly. */
function dealOf(root: FlatSpan): DealId {
  const request = REQUESTS.find((r) => r.id === root.attributes['gen_ai.conversation.id']);
  if (!request)
    throw new Error(`a root span of no request: ${root.name} ${JSON.stringify(root.attributes)}`);
  return request.dealId;
}

/** One trace per request; a second trace for a request (an orphan root) fails loudly. */
function byDeal(example: ExampleRun): Map<DealId, FlatSpan[]> {
  const traces = new Map<DealId, FlatSpan[]>();
  for (const root of example.spans.filter((s) => s.parentSpanId === undefined)) {
    const deal = dealOf(root);
    if (traces.has(deal)) throw new Error(`${deal}: a second root span, ${root.name}`);
    traces.set(deal, traceOf(example.spans, root.traceId));
  }
  return traces;
}

describe('examples/multi-agent-revops', () => {
  let example: ExampleRun;
  let traces: Map<DealId, FlatSpan[]>;
  const named = (deal: DealId, name: string) =>
    traces.get(deal)?.filter((s) => s.name === name) ?? [];
  const one = (deal: DealId, name: string) => {
    const found = named(deal, name);
    if (found.length !== 1) throw new Error(`${deal}: ${found.length} spans "${name}"`);
    return found[0]!;
  };

  beforeAll(async () => {
    example = await runExample({ dir: EXAMPLE_DIR });
    traces = byDeal(example);
  }, 60_000);
  afterAll(() => example?.cleanup());

  it('runs cleanly and prints each verdict and where to look', () => {
    expect(example.run.stderr).toBe('');
    expect(example.run.code).toBe(0);
    expect(example.run.stdout.split('\n').slice(0, 3)).toEqual([
      'conv-revops-01  D-1001  commit    confidence 0.85',
      'conv-revops-02  D-1002  at_risk   confidence 0.9  — call notes retried 1×',
      'conv-revops-03  D-1003  commit    confidence 0.85  — escalated to deal-desk (policy)',
    ]);
    expect(example.run.stdout).toContain('Where to look');
    expect(example.run.stdout).toContain('What to look for');
    // Per request: two routing turns, tool planning, summary, decision.
    expect(example.llm.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(15);
  });

  it('gives each request one trace: supervisor, handoffs, data agent with its tools, decision agent', () => {
    expect([...traces.keys()].sort()).toEqual(['D-1001', 'D-1002', 'D-1003']);
    const head = [
      'invoke_workflow deal-assessment',
      '  invoke_agent supervisor',
      '    chat gpt-4o-mini',
      '    handoff data-agent',
      '    invoke_agent data-agent',
      '      chat gpt-4o-mini',
      '      execute_tool query_crm',
    ];
    const tail = [
      '      chat gpt-4o-mini',
      '    chat gpt-4o-mini',
      '    handoff decision-agent',
      '    invoke_agent decision-agent',
      '      chat gpt-4o',
    ];
    const expected: Record<DealId, string[]> = {
      'D-1001': [...head, '      execute_tool get_call_notes', ...tail],
      'D-1002': [
        ...head,
        '      execute_tool get_call_notes',
        '      execute_tool get_call_notes',
        ...tail,
      ],
      'D-1003': [...head, '      execute_tool get_call_notes', ...tail, '    handoff deal-desk'],
    };
    for (const [deal, shape] of Object.entries(expected) as [DealId, string[]][]) {
      const spans = traces.get(deal)!;
      const root = spans.find((s) => s.parentSpanId === undefined)!;
      // Siblings by name: spans started in the same millisecond have no recorded order (the SDK
      // takes start times from Date.now()); the data agent's order is asserted below.
      expect(spanTree(spans, root.spanId, undefined, 'name')).toEqual(sortTreeLines(shape));
      const agent = spans.find((s) => s.name === 'invoke_agent data-agent')!;
      const steps = spans.filter((s) => s.parentSpanId === agent.spanId);
      const chats = steps.filter((s) => s.name.startsWith('chat '));
      const tools = steps.filter((s) => s.name.startsWith('execute_tool '));
      const [plan, summary] = [...chats].sort((a, b) =>
        compareNanos(a.startTimeUnixNano, b.startTimeUnixNano),
      );
      for (const tool of tools) {
        // Planning call, then the tools, then the summary, to the millisecond the SDK records.
        expect(compareNanos(plan!.startTimeUnixNano, tool.startTimeUnixNano)).toBeLessThanOrEqual(
          0,
        );
        expect(
          compareNanos(tool.startTimeUnixNano, summary!.startTimeUnixNano),
        ).toBeLessThanOrEqual(0);
      }
      // Every span of the trace is in the tree: no orphan under a missing parent.
      expect(spans).toHaveLength(shape.length);
    }
    // Nothing outside the three traces: 13 + 14 + 14 spans, three roots, three trace ids.
    expect(example.spans).toHaveLength(41);
    expect(example.spans.filter((s) => s.parentSpanId === undefined)).toHaveLength(3);
    expect(new Set(example.spans.map((s) => s.traceId)).size).toBe(3);
  });

  it('routes to the agent the model chose: the handoff target is the routing call’s tool', () => {
    type Message = { role: string; tool_calls?: { function: { name: string } }[] };
    for (const request of REQUESTS) {
      // The second routing request carries the model's first choice back as an assistant message.
      const routingRequests = example.llm.requests.filter((r) => {
        const body = r.body as { messages?: { content?: string }[]; tool_choice?: string };
        return (
          body.tool_choice === 'required' &&
          body.messages?.[1]?.content === `Assess deal ${request.dealId} for the forecast call.`
        );
      });
      expect(routingRequests).toHaveLength(2);
      const offered = routingRequests.map((r) =>
        (r.body as { tools: { function: { name: string } }[] }).tools.map((t) => t.function.name),
      );
      expect(offered).toEqual([
        ['transfer_to_data_agent', 'transfer_to_decision_agent'],
        ['transfer_to_decision_agent'],
      ]);
      const firstChoice = (routingRequests[1]!.body as { messages: Message[] }).messages[2]
        ?.tool_calls?.[0]?.function.name;
      expect(firstChoice).toBe('transfer_to_data_agent');
      const handoffs = named(request.dealId, 'handoff data-agent').concat(
        named(request.dealId, 'handoff decision-agent'),
      );
      expect(handoffs.map((h) => h.attributes['gen_ai.agent.handoff.target.name'])).toEqual([
        'data-agent',
        'decision-agent',
      ]);
    }
  });

  it('records the openai chat spans with models, token counts and finish reasons (D-1001)', () => {
    const keys = [
      'gen_ai.operation.name',
      'gen_ai.provider.name',
      'gen_ai.request.model',
      'gen_ai.response.model',
      'gen_ai.usage.input_tokens',
      'gen_ai.usage.output_tokens',
      'gen_ai.response.finish_reasons',
    ];
    const chat = traces
      .get('D-1001')!
      .filter((s) => s.name.startsWith('chat '))
      .map((s) => Object.fromEntries(keys.map((k) => [k, s.attributes[k]])));
    const mini = (input: number, output: number, finish: string) => ({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': input,
      'gen_ai.usage.output_tokens': output,
      'gen_ai.response.finish_reasons': [finish],
    });
    // In the order they ran. Token counts follow the mock's documented rule (one token per word or
    // sign; prompt = 3 + 4 per message + its tokens + the tools' JSON): the decision prompt is
    // 3 + (4 + 8) system + (4 + 14) user = 33, its reply "Echo: " + the user text = 16.
    expect(chat).toEqual([
      mini(134, 9, 'tool_calls'), // routing → transfer_to_data_agent
      mini(233, 34, 'tool_calls'), // data agent plans query_crm + get_call_notes
      mini(246, 49, 'stop'), // data agent's summary
      mini(168, 9, 'tool_calls'), // routing → transfer_to_decision_agent
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 33,
        'gen_ai.usage.output_tokens': 16,
        'gen_ai.response.finish_reasons': ['stop'],
      },
    ]);
  });

  it('links each receiving agent to the handoff span that sent the work to it', () => {
    for (const deal of ['D-1001', 'D-1002', 'D-1003'] as const) {
      for (const agent of ['data-agent', 'decision-agent']) {
        const handoffSpan = one(deal, `handoff ${agent}`);
        const receiver = one(deal, `invoke_agent ${agent}`);
        expect(receiver.links.map((l) => [l.traceId, l.spanId])).toEqual([
          [handoffSpan.traceId, handoffSpan.spanId],
        ]);
        expect(own(handoffSpan)).toEqual({
          'gen_ai.operation.name': 'handoff',
          'gen_ai.agent.handoff.source.name': 'supervisor',
          'gen_ai.agent.handoff.target.name': agent,
          'gen_ai.agent.handoff.target.type': 'agent',
          'gen_ai.agent.handoff.reason': 'routing',
          'gen_ai.agent.name': 'supervisor',
        });
        expect(handoffSpan.kind).toBe(SpanKind.INTERNAL);
      }
      const linked = traces
        .get(deal)!
        .filter((s) => s.links.length > 0)
        .map((s) => s.name);
      expect(linked).toEqual(['invoke_agent data-agent', 'invoke_agent decision-agent']);
    }
  });

  it('escalates the deal over the policy limit to the deal desk, a human', () => {
    expect(own(one('D-1003', 'handoff deal-desk'))).toEqual({
      'gen_ai.operation.name': 'handoff',
      'gen_ai.agent.handoff.source.name': 'supervisor',
      'gen_ai.agent.handoff.target.name': 'deal-desk',
      'gen_ai.agent.handoff.target.type': 'human',
      'gen_ai.agent.handoff.reason': 'policy',
      'gen_ai.agent.handoff.confidence': 0.85,
      'gen_ai.agent.name': 'supervisor',
    });
    const outcome = (deal: DealId) =>
      one(deal, 'invoke_agent supervisor').attributes['gen_ai.agent.outcome'];
    expect([outcome('D-1001'), outcome('D-1002'), outcome('D-1003')]).toEqual([
      'success',
      'success',
      'handoff',
    ]);
    expect(own(one('D-1001', 'invoke_agent supervisor'))).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'supervisor',
      'gen_ai.agent.description': 'Routes RevOps requests to specialist agents',
      'gen_ai.agent.outcome': 'success',
    });
  });

  it('records the tool calls with the model’s call ids, no content', () => {
    for (const request of REQUESTS) {
      // The summary request carries the assistant's tool calls back: their ids are the model's.
      type Message = { role: string; content?: string; tool_calls?: { id: string }[] };
      const messages = example.llm.requests
        .map((r) => (r.body as { messages?: Message[] }).messages ?? [])
        .find((m) => m.length === 5 && m[1]?.content?.includes(request.dealId));
      const [crmId, notesId] = messages?.[2]?.tool_calls?.map((c) => c.id) ?? [];
      expect(crmId).toMatch(/^call_/);
      expect(own(one(request.dealId, 'execute_tool query_crm'))).toEqual({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'query_crm',
        'gen_ai.tool.type': 'datastore',
        'gen_ai.tool.call.id': crmId,
        'gen_ai.tool.call.outcome': 'success',
        'gen_ai.agent.name': 'data-agent',
      });
      for (const span of named(request.dealId, 'execute_tool get_call_notes')) {
        expect(span.attributes['gen_ai.tool.call.id']).toBe(notesId);
        expect(span.attributes['gen_ai.tool.type']).toBe('function');
        expect(span.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
        expect(span.attributes['gen_ai.tool.call.result']).toBeUndefined();
      }
    }
  });

  it('shows the failed call-notes lookup and its successful retry', () => {
    const [failed, retried] = named('D-1002', 'execute_tool get_call_notes');
    expect(failed?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'call-notes service timed out for D-1002 (transcription backlog)',
    });
    expect(failed?.attributes['error.type']).toBe('CallNotesTimeoutError');
    expect(failed?.attributes['gen_ai.tool.call.outcome']).toBe('error');
    expect(failed?.events.map((e) => [e.name, e.attributes['exception.type']])).toEqual([
      ['exception', 'CallNotesTimeoutError'],
    ]);
    expect(retried?.status.code).toBe(SpanStatusCode.UNSET);
    expect(retried?.attributes['gen_ai.tool.call.outcome']).toBe('success');
    // Recovered: nothing above the failed tool call is an error.
    const errors = traces.get('D-1002')!.filter((s) => s.status.code === SpanStatusCode.ERROR);
    expect(errors).toEqual([failed]);
    expect(one('D-1002', 'invoke_agent data-agent').attributes['gen_ai.agent.outcome']).toBe(
      'success',
    );
  });

  it('names the agent that made each LLM call, tool call and handoff on its span', () => {
    for (const request of REQUESTS) {
      const byAgent = traces
        .get(request.dealId)!
        .filter((s) => !s.name.startsWith('invoke_'))
        .map((s) => `${s.name} <- ${s.attributes['gen_ai.agent.name']}`);
      const supervisorCalls = byAgent.filter((l) => l === 'chat gpt-4o-mini <- supervisor');
      expect(supervisorCalls).toHaveLength(2);
      expect(byAgent.filter((l) => l === 'chat gpt-4o-mini <- data-agent')).toHaveLength(2);
      expect(byAgent).toContain('chat gpt-4o <- decision-agent');
      expect(byAgent).toContain('execute_tool query_crm <- data-agent');
      expect(byAgent).toContain('handoff decision-agent <- supervisor');
      // Nothing in an agent's trace is left without one but the workflow root.
      expect(byAgent.filter((l) => l.endsWith('<- undefined'))).toEqual([]);
    }
  });

  it('stamps conversation, user and tenant on every span of a request, the openai spans included', () => {
    for (const request of REQUESTS) {
      const spans = traces.get(request.dealId)!;
      const stamped = spans.map((s) => [s.name, ...CONTEXT_KEYS.map((k) => s.attributes[k])]);
      expect(stamped).toEqual(spans.map((s) => [s.name, request.id, request.rep, request.team]));
    }
  });
});

describe('examples/multi-agent-revops with content capture on', () => {
  let example: ExampleRun;
  beforeAll(async () => {
    example = await runExample({
      dir: EXAMPLE_DIR,
      env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' },
    });
  }, 60_000);
  afterAll(() => example?.cleanup());

  it('records the tool arguments and results: the row the SQL query returned', () => {
    expect(example.run.code).toBe(0);
    const crm = byDeal(example)
      .get('D-1002')
      ?.find((s) => s.name === 'execute_tool query_crm');
    expect(crm?.attributes['gen_ai.tool.call.arguments']).toBe('{"deal_id":"D-1002"}');
    expect(JSON.parse(String(crm?.attributes['gen_ai.tool.call.result']))).toEqual({
      id: 'D-1002',
      name: 'Globex expansion',
      stage: 'proposal',
      amount: 220000,
      close_date: '2026-12-31',
      owner: 'rep-ben',
      account: 'Globex',
      segment: 'enterprise',
      activities: 2,
      last_activity: '2026-10-12',
      days_since_activity: 39,
    });
  });
});
