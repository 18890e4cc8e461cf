import { describe, expect, it } from 'vitest';
import { llm, load, trees, tracing } from './helpers.js';

describe('an LCEL chain', () => {
  it('is one trace: workflow > steps, chat > the openai span', async () => {
    const { ChatOpenAI } = load('@langchain/openai');
    const { ChatPromptTemplate } = load('@langchain/core/prompts');
    const { StringOutputParser } = load('@langchain/core/output_parsers');
    const model = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'test-key',
      configuration: { baseURL: `${llm.server.url}/v1` },
      maxRetries: 0,
    });
    const chain = ChatPromptTemplate.fromMessages([['human', '{question}']])
      .pipe(model)
      .pipe(new StringOutputParser());
    const answer = await chain.invoke({ question: 'Hi there' });
    expect(answer).toBe('Echo: Hi there');
    console.log(trees().join('\n'));
    console.log(tracing.spans().map((s) => [s.name, s.instrumentationScope.name, JSON.stringify(s.attributes)]));
  });
});
