import {
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_GUARDRAIL_NAME,
  ATTR_GEN_AI_GUARDRAIL_TRIGGERED,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { TRIAGE_INPUT, TRIAGE_TREE, TRIPPING_INPUT, triageAgents } from './fixtures/triage.mjs';
import { bridge, byName, loadAgents, spans, tree, useMockServer, z } from './helpers.js';

/**
 * The triage scenario on the Agents SDK `pkg` (one line of it per test file: the SDK keeps its
 * state on globalThis), with the real `openai` SDK it depends on beneath.
 */
export function triageSuite(pkg: string): void {
  const agents = loadAgents(pkg);
  const { run } = agents;
  const { triage } = triageAgents(agents, z);

  describe(`${pkg}: a triage agent with a tool, a handoff and a guardrail`, () => {
    const mock = useMockServer(agents, pkg);

    it('is one trace: workflow → agents → model calls, tool, handoff, guardrail', async () => {
      const result = await run(triage, TRIAGE_INPUT);
      expect(result.lastAgent.name).toBe('specialist');
      expect(mock.server.requests).toHaveLength(2);
      const all = spans();
      expect(new Set(all.map((s) => s.spanContext().traceId)).size).toBe(1);
      expect(tree()).toEqual(TRIAGE_TREE);
      expect(bridge.openSpans).toBe(0);

      const [handoff] = byName('handoff specialist');
      expect(handoff!.attributes).toMatchObject({
        [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'triage',
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'specialist',
      });
      const [receiving] = byName('invoke_agent specialist');
      expect(receiving!.links.map((l) => l.context.spanId)).toEqual([
        handoff!.spanContext().spanId,
      ]);
      expect(receiving!.attributes[ATTR_GEN_AI_AGENT_OUTCOME]).toBe('success');

      // The tool span carries the model's call id for it.
      const firstCall = mock.server.requests[1]!.body as { input: Record<string, unknown>[] };
      const call = firstCall.input.find(
        (i) => i.type === 'function_call' && i.name === 'get_weather',
      );
      const [toolSpan] = byName('execute_tool get_weather');
      expect(toolSpan!.attributes[ATTR_GEN_AI_TOOL_NAME]).toBe('get_weather');
      expect(toolSpan!.attributes[ATTR_GEN_AI_TOOL_CALL_ID]).toBe(call!.call_id);

      const [guard] = byName('guardrail no_secrets');
      expect(guard!.attributes).toMatchObject({
        [ATTR_GEN_AI_GUARDRAIL_NAME]: 'no_secrets',
        [ATTR_GEN_AI_GUARDRAIL_TRIGGERED]: false,
      });

      // Each model call: the SDK's response span and the openai call's span carry the same usage
      // (processor-cost's nesting rule then counts the inner one only).
      for (const outer of byName('chat gpt-4o-mini-2024-07-18')) {
        const inner = all.find((s) => s.parentSpanContext?.spanId === outer.spanContext().spanId)!;
        expect(inner.name).toBe('chat gpt-4o-mini');
        expect(inner.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeGreaterThan(0);
        expect(outer.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(
          inner.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS],
        );
        expect(outer.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(
          inner.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS],
        );
      }
    });

    it('records a tripped guardrail and the failed run', async () => {
      await expect(run(triage, TRIPPING_INPUT)).rejects.toThrow(/guardrail/i);
      const [guard] = byName('guardrail no_secrets');
      expect(guard!.attributes[ATTR_GEN_AI_GUARDRAIL_TRIGGERED]).toBe(true);
      const [agent] = byName('invoke_agent triage');
      expect(agent!.attributes[ATTR_GEN_AI_AGENT_NAME]).toBe('triage');
      expect(agent!.attributes[ATTR_GEN_AI_AGENT_OUTCOME]).toBe('error');
      expect(agent!.status.code).toBe(2);
      const [workflow] = byName('invoke_workflow Agent workflow');
      expect(workflow!.status.code).toBe(2);
      expect(bridge.openSpans).toBe(0);
    });
  });
}
