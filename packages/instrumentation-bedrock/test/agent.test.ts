import {
  ATTR_AWS_BEDROCK_AGENT_ALIAS_ID,
  ATTR_AWS_BEDROCK_GUARDRAIL_ACTION,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { agentSDK, collect, configure, exporter, onlySpan, useHarness } from './helpers.js';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const ASK = {
  agentId: 'SCHEDULER1',
  agentAliasId: 'TSTALIASID',
  sessionId: 'session-42',
  inputText: 'Book a meeting with Ana tomorrow at 10',
};

/** The finished spans as an indented tree, children in start order (the trace's own times). */
function tree(spans: readonly ReadableSpan[]): string[] {
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    const children = spans
      .filter((s) => s.parentSpanContext?.spanId === parent)
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    for (const s of children) {
      lines.push(`${'  '.repeat(depth)}${s.name}`);
      walk(s.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

const byName = (name: string) => exporter.getFinishedSpans().filter((s) => s.name === name);

describe('InvokeAgent', () => {
  const h = useHarness();

  it('with the trace: the agent, its model calls, tools, knowledge base and collaborator as a tree', async () => {
    const { InvokeAgentCommand } = agentSDK();
    const res = await h.agent().send(new InvokeAgentCommand({ ...ASK, enableTrace: true }));
    const events = await collect(res.completion);
    expect(events.filter((e) => e.chunk)).toHaveLength(1);
    expect(tree(exporter.getFinishedSpans())).toEqual([
      'invoke_agent SCHEDULER1',
      `  chat ${MODEL}`,
      '  retrieval KBSCHEDULE1',
      `  chat ${MODEL}`,
      '  execute_tool CalendarActions/create_appointment',
      `  chat ${MODEL}`,
      '  handoff NotificationAgent',
      '    invoke_agent NotificationAgent',
      `      chat ${MODEL}`,
      '      execute_tool NotificationActions/send_email',
      `      chat ${MODEL}`,
      `  chat ${MODEL}`,
    ]);
    const [root] = byName('invoke_agent SCHEDULER1');
    expect(root!.kind).toBe(SpanKind.CLIENT);
    expect(root!.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
      [ATTR_GEN_AI_AGENT_ID]: 'SCHEDULER1',
      [ATTR_AWS_BEDROCK_AGENT_ALIAS_ID]: 'TSTALIASID',
      [ATTR_GEN_AI_CONVERSATION_ID]: 'session-42',
      [ATTR_GEN_AI_AGENT_VERSION]: '1',
    });
    const [collaborator] = byName('invoke_agent NotificationAgent');
    expect(collaborator!.attributes).toMatchObject({
      [ATTR_GEN_AI_AGENT_NAME]: 'NotificationAgent',
      [ATTR_GEN_AI_AGENT_ID]: 'AAAAX5SG2B',
    });
    expect(
      byName('handoff NotificationAgent')[0]!.attributes[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME],
    ).toBe('SCHEDULER1');
    // Each model invocation carries the usage Bedrock reports for it, as the trace gives it.
    const outputs = events
      .map((e) => e.trace?.trace?.orchestrationTrace?.modelInvocationOutput?.metadata?.usage)
      .filter(Boolean);
    const chats = byName(`chat ${MODEL}`).sort(
      (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
    );
    expect(
      chats.map((s) => [
        s.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS],
        s.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS],
      ]),
    ).toEqual(outputs.map((u) => [u.inputTokens, u.outputTokens]));
    expect(
      byName('retrieval KBSCHEDULE1')[0]!.attributes[ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT],
    ).toBe(2);
    // Content is off: no arguments, no answer.
    expect(
      byName('execute_tool CalendarActions/create_appointment')[0]!.attributes[
        ATTR_GEN_AI_TOOL_CALL_ARGUMENTS
      ],
    ).toBeUndefined();
    expect(root!.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]).toBeUndefined();
    // Nor the agents' reasoning.
    expect(exporter.getFinishedSpans().flatMap((s) => s.events)).toEqual([]);
  });

  it('with content capture: each agent’s rationale an event on its own span, in order, with its step', async () => {
    configure({ captureMessageContent: true });
    const { InvokeAgentCommand } = agentSDK();
    const res = await h.agent().send(new InvokeAgentCommand({ ...ASK, enableTrace: true }));
    const events = await collect(res.completion);
    // What Bedrock said, per agent (by the depth of its caller chain): the trace's rationales in
    // stream order, with their step ids.
    const said = (depth: number) =>
      events
        .filter((e) => e.trace?.callerChain?.length === depth)
        .map((e) => e.trace?.trace?.orchestrationTrace?.rationale)
        .filter(Boolean)
        .map((r) => [r.text, r.traceId]);
    const recorded = (span: string) =>
      byName(span)[0]!.events.map((e) => {
        expect(e.name).toBe('aws.bedrock.agent.rationale');
        return [
          e.attributes?.['aws.bedrock.agent.rationale.text'],
          e.attributes?.['aws.bedrock.agent.trace.id'],
        ];
      });
    const root = recorded('invoke_agent SCHEDULER1');
    expect(root).toEqual(said(1));
    expect(root[0]![0]).toMatch(/^I will search knowledge base KBSCHEDULE1 for: /);
    expect(recorded('invoke_agent NotificationAgent')).toEqual(said(2));
    expect(said(2).length).toBeGreaterThan(0);
  });

  it('without the trace: one span over the stream; content with capture on', async () => {
    configure({ captureMessageContent: true });
    const { InvokeAgentCommand } = agentSDK();
    const res = await h.agent().send(new InvokeAgentCommand(ASK));
    await collect(res.completion);
    const span = onlySpan();
    expect(span.name).toBe('invoke_agent SCHEDULER1');
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)[0].parts).toEqual([
      { type: 'text', content: `Echo: ${ASK.inputText}` },
    ]);
  });

  it('agentTrace: the trace is asked for and hidden — the app reads only its chunks', async () => {
    configure({ agentTrace: true });
    const { InvokeAgentCommand } = agentSDK();
    const command = new InvokeAgentCommand(ASK);
    const res = await h.agent().send(command);
    const events = await collect(res.completion);
    // Exactly what the app gets without the option: the answer, no trace event.
    expect(events.map((e) => Object.keys(e))).toEqual([['chunk']]);
    expect(command.input.enableTrace).toBeUndefined();
    expect((h.server.requests[0]!.body as { enableTrace?: unknown }).enableTrace).toBe(true);
    // …and the agent's steps are spans all the same.
    expect(tree(exporter.getFinishedSpans())).toHaveLength(12);
  });

  it('agentTrace with the app asking for the trace itself: its events reach it', async () => {
    configure({ agentTrace: true });
    const { InvokeAgentCommand } = agentSDK();
    const res = await h.agent().send(new InvokeAgentCommand({ ...ASK, enableTrace: true }));
    const events = await collect(res.completion);
    expect(events.filter((e) => e.trace).length).toBeGreaterThan(20);
    expect(tree(exporter.getFinishedSpans())).toHaveLength(12);
  });

  it('pre- and post-processing are model calls too; guardrail traces set the action', async () => {
    const { InvokeAgentCommand } = agentSDK();
    const run = async (scenario: object) => {
      exporter.reset();
      const res = await h.agent().send(
        new InvokeAgentCommand({
          ...ASK,
          enableTrace: true,
          sessionState: { sessionAttributes: { 'mock-scenario': JSON.stringify(scenario) } },
        }),
      );
      await collect(res.completion);
      return byName('invoke_agent SCHEDULER1')[0]!;
    };
    const passed = await run({
      preProcessing: true,
      postProcessing: true,
      guardrail: 'NONE',
      steps: [],
    });
    expect(tree(exporter.getFinishedSpans())).toEqual([
      'invoke_agent SCHEDULER1',
      `  chat ${MODEL}`,
      `  chat ${MODEL}`,
      `  chat ${MODEL}`,
    ]);
    expect(passed.attributes[ATTR_AWS_BEDROCK_GUARDRAIL_ACTION]).toBe('NONE');
    const blocked = await run({ guardrail: 'INTERVENED' });
    expect(tree(exporter.getFinishedSpans())).toEqual(['invoke_agent SCHEDULER1']);
    expect(blocked.attributes[ATTR_AWS_BEDROCK_GUARDRAIL_ACTION]).toBe('INTERVENED');
  });

  it('a failing action group: the stream ends with the exception, the agent span fails with its name', async () => {
    const { InvokeAgentCommand } = agentSDK();
    const scenario = { steps: [{ failure: 'Lambda timed out', failureCode: 504 }] };
    const res = await h.agent().send(
      new InvokeAgentCommand({
        ...ASK,
        enableTrace: true,
        sessionState: { sessionAttributes: { 'mock-scenario': JSON.stringify(scenario) } },
      }),
    );
    await expect(collect(res.completion)).rejects.toMatchObject({
      name: 'DependencyFailedException',
    });
    const span = onlySpan();
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('DependencyFailedException');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((e) => e.name)).toEqual(['exception', 'exception']);
  });

  it('an unknown agent: ResourceNotFoundException', async () => {
    const { InvokeAgentCommand } = agentSDK();
    await expect(
      h.agent().send(new InvokeAgentCommand({ ...ASK, agentId: 'no-such-agent' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(onlySpan().attributes[ATTR_ERROR_TYPE]).toBe('ResourceNotFoundException');
  });

  it('abandoned mid-stream: the agent span and any open collaborator end', async () => {
    const { InvokeAgentCommand } = agentSDK();
    const res = await h.agent().send(new InvokeAgentCommand({ ...ASK, enableTrace: true }));
    let n = 0;
    for await (const event of res.completion) {
      // Stop inside the collaborator's run.
      if (
        event.trace?.trace?.orchestrationTrace?.invocationInput?.actionGroupInvocationInput
          ?.actionGroupName === 'NotificationActions'
      )
        break;
      n++;
    }
    expect(n).toBeGreaterThan(5);
    const names = exporter.getFinishedSpans().map((s) => s.name);
    expect(names).toContain('invoke_agent SCHEDULER1');
    expect(names).toContain('invoke_agent NotificationAgent');
    expect(names).toContain('handoff NotificationAgent');
  });
});
