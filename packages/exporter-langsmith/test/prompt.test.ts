import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_PROMPT_TEMPLATE,
  ATTR_GEN_AI_PROMPT_VERSION,
  ATTR_GEN_AI_REQUEST_MODEL,
  GEN_AI_OPERATION,
  GENAI_OTEL_OPERATION_RENDER_PROMPT,
  genAIPromptVariable,
} from '@genai-otel/semantic-conventions';
import { afterEach, describe, expect, it } from 'vitest';
import type { LangSmithSpanExporterOptions } from '../src/index.js';
import { type Harness, startHarness } from './harness.js';
import { runTreeProblems } from './run-tree-rules.js';

type Dict = Record<string, unknown>;
const TEMPLATE = JSON.stringify([
  { role: 'system', parts: [{ type: 'text', content: 'You answer for {company}.' }] },
  { role: 'user', parts: [{ type: 'text', content: '{customer} asks: {question}' }] },
]);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** An agent that renders a prompt template (spans made with the OTel API), then calls a model. */
async function renderThenChat(exporter: LangSmithSpanExporterOptions = {}) {
  h = await startHarness({ exporter });
  const tracer = h.provider.getTracer('app');
  tracer.startActiveSpan(
    'invoke_agent support',
    { attributes: { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT } },
    (agent) => {
      tracer
        .startSpan('render_prompt support-reply', {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION_RENDER_PROMPT,
            [ATTR_GEN_AI_PROMPT_NAME]: 'support-reply',
            [ATTR_GEN_AI_PROMPT_VERSION]: '3',
            [ATTR_GEN_AI_PROMPT_TEMPLATE]: TEMPLATE,
            [genAIPromptVariable('company')]: 'Acme',
            [genAIPromptVariable('customer')]: 'Ada',
            [genAIPromptVariable('question')]: 'Where is my refund?',
            [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
              { role: 'system', parts: [{ type: 'text', content: 'You answer for Acme.' }] },
              { role: 'user', parts: [{ type: 'text', content: 'Ada asks: Where is my refund?' }] },
            ]),
          },
        })
        .end();
      tracer
        .startSpan('chat gpt-4o-mini', {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
            [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
            [ATTR_GEN_AI_PROMPT_NAME]: 'support-reply',
            [ATTR_GEN_AI_PROMPT_VERSION]: '3',
          },
        })
        .end();
      agent.end();
    },
  );
  await h.provider.forceFlush();
  await h.exporter.forceFlush();
  return {
    prompt: h.byName('render_prompt support-reply'),
    agent: h.byName('invoke_agent support'),
  };
}

describe('prompt templates in LangSmith', () => {
  it('a render_prompt span is a prompt run: variables in, rendered messages out', async () => {
    const { prompt, agent } = await renderThenChat();
    expect(runTreeProblems(h!.server.runs.values())).toEqual([]);
    expect(prompt.run_type).toBe('prompt');
    expect(prompt.parent_run_id).toBe(agent.id);
    expect(prompt.inputs).toEqual({
      company: 'Acme',
      customer: 'Ada',
      question: 'Where is my refund?',
    });
    expect(prompt.outputs).toEqual({
      messages: [
        { role: 'system', content: 'You answer for Acme.' },
        { role: 'user', content: 'Ada asks: Where is my refund?' },
      ],
    });
    const metadata = (prompt.extra as { metadata: Dict }).metadata;
    expect(metadata).toMatchObject({
      [ATTR_GEN_AI_PROMPT_NAME]: 'support-reply',
      [ATTR_GEN_AI_PROMPT_VERSION]: '3',
      [ATTR_GEN_AI_PROMPT_TEMPLATE]: TEMPLATE,
    });
    // Variables are content: inputs only, never metadata.
    expect(Object.keys(metadata).filter((k) => k.startsWith(genAIPromptVariable('')))).toEqual([]);
    const chat = h!.byName('chat gpt-4o-mini');
    expect(chat.run_type).toBe('llm');
    expect((chat.extra as { metadata: Dict }).metadata[ATTR_GEN_AI_PROMPT_NAME]).toBe(
      'support-reply',
    );
  });

  it('hide_inputs hides the variables and the template', async () => {
    const { prompt } = await renderThenChat({ hideInputs: true });
    expect(prompt.inputs).toEqual({});
    const metadata = (prompt.extra as { metadata: Dict }).metadata;
    expect(metadata[ATTR_GEN_AI_PROMPT_TEMPLATE]).toBeUndefined();
    expect(metadata[ATTR_GEN_AI_PROMPT_NAME]).toBe('support-reply');
    expect(JSON.stringify(prompt)).not.toContain('{customer}');
  });
});
