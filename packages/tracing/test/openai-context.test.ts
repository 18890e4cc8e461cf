/**
 * The point of GenAIContextSpanProcessor: spans made by an SDK instrumentation, which knows
 * nothing of conversations, carry the conversation, user and tenant of the code that made the
 * call. Real `openai` SDK, real instrumentation, the mock server over HTTP.
 */
import { createRequire } from 'node:module';
import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAgent, withConversation, withRetrieval, withWorkflow } from '../src/index.js';
import { isChildOf, tree, useTracing } from './helpers.js';

describe('SDK instrumentation spans inside a conversation', () => {
  const t = useTracing();
  const instrumentation = new OpenAIInstrumentation({ enabled: false });
  let server: MockLLMServer;
  // biome-ignore lint/suspicious/noExplicitAny: the SDK is loaded through require so the instrumentation patches it.
  let OpenAI: any;

  beforeAll(async () => {
    server = await startMockLLMServer();
    instrumentation.enable();
    OpenAI = createRequire(import.meta.url)('openai').OpenAI;
  });
  afterAll(async () => {
    instrumentation.disable();
    await server.close();
  });

  it('stamps the ids on the openai chat and embeddings spans, under the helpers’ spans', async () => {
    instrumentation.setTracerProvider(t.tracing().tracerProvider);
    const client = new OpenAI({ apiKey: 'test', baseURL: `${server.url}/v1` });
    const ask = (conversationId: string, tenantId: string, question: string) =>
      withConversation({ conversationId, tenantId, userId: `${tenantId}-user` }, () =>
        withWorkflow('support', async () => {
          await client.embeddings.create({ model: 'text-embedding-3-small', input: question });
          await withRetrieval('kb', async () => [{ id: 'doc-1', score: 0.9 }]);
          return withAgent('answerer', () =>
            client.chat.completions.create({
              model: 'gpt-4o-mini',
              messages: [{ role: 'user', content: question }],
            }),
          );
        }),
      );
    const [a, b] = await Promise.all([
      ask('conv-a', 'acme', 'Reset my password'),
      ask('conv-b', 'globex', 'Where is my invoice'),
    ]);
    expect(a.choices[0].message.content).toBe('Echo: Reset my password');
    expect(b.choices[0].message.content).toBe('Echo: Where is my invoice');

    const spans = t.spans();
    expect(tree(spans)).toEqual([
      'invoke_workflow support',
      '  embeddings text-embedding-3-small',
      '  retrieval kb',
      '  invoke_agent answerer',
      '    chat gpt-4o-mini',
      'invoke_workflow support',
      '  embeddings text-embedding-3-small',
      '  retrieval kb',
      '  invoke_agent answerer',
      '    chat gpt-4o-mini',
    ]);
    for (const [conversation, tenant] of [
      ['conv-a', 'acme'],
      ['conv-b', 'globex'],
    ]) {
      const mine = spans.filter((s) => s.attributes['gen_ai.conversation.id'] === conversation);
      expect(mine.map((s) => s.name).sort()).toEqual([
        'chat gpt-4o-mini',
        'embeddings text-embedding-3-small',
        'invoke_agent answerer',
        'invoke_workflow support',
        'retrieval kb',
      ]);
      for (const s of mine) {
        expect(s.attributes['tenant.id']).toBe(tenant);
        expect(s.attributes['user.id']).toBe(`${tenant}-user`);
      }
      const chat = mine.find((s) => s.name === 'chat gpt-4o-mini')!;
      const agent = mine.find((s) => s.name === 'invoke_agent answerer')!;
      expect(isChildOf(chat, agent)).toBe(true);
      expect(chat.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
    }
  });
});
