import { describe, expect, it } from 'vitest';
import { ATTR_GEN_AI_PROMPT_VARIABLE, genAIPromptVariable } from './index.js';

describe('genAIPromptVariable', () => {
  it('names the template attribute of one variable', () => {
    expect(genAIPromptVariable('user_name')).toBe('gen_ai.prompt.variable.user_name');
    expect(genAIPromptVariable('x').startsWith(`${ATTR_GEN_AI_PROMPT_VARIABLE}.`)).toBe(true);
  });
});
