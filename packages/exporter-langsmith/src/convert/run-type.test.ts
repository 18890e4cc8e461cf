import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_TEMPLATE,
} from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { runTypeOf } from './run-type.js';

describe('runTypeOf', () => {
  it.each([
    ['chat', 'llm'],
    ['text_completion', 'llm'],
    ['generate_content', 'llm'],
    ['embeddings', 'embedding'],
    ['retrieval', 'retriever'],
    ['rerank', 'retriever'],
    ['execute_tool', 'tool'],
    ['handoff', 'tool'],
    ['invoke_agent', 'chain'],
    ['create_agent', 'chain'],
    ['invoke_workflow', 'chain'],
    ['render_prompt', 'prompt'],
    ['something_new', 'chain'],
    ['constructor', 'chain'],
  ])('%s → %s', (operation, runType) => {
    expect(runTypeOf({ [ATTR_GEN_AI_OPERATION_NAME]: operation })).toBe(runType);
  });
  it('treats a span without an operation (HTTP, DB …) as a chain', () => {
    expect(runTypeOf({})).toBe('chain');
  });
  it('treats a span without an operation that records a prompt template as a prompt', () => {
    expect(runTypeOf({ [ATTR_GEN_AI_PROMPT_TEMPLATE]: 'Hello {name}' })).toBe('prompt');
    // A chat call that used a template stays an llm run.
    expect(
      runTypeOf({ [ATTR_GEN_AI_OPERATION_NAME]: 'chat', [ATTR_GEN_AI_PROMPT_TEMPLATE]: 'Hi' }),
    ).toBe('llm');
  });
});
