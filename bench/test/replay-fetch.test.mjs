import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { replayFetch, sseChunks } from '../lib/replay-fetch.mjs';

describe('sseChunks', () => {
  it('cuts at blank lines and keeps every byte', () => {
    const text = 'data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n';
    expect(sseChunks(text)).toEqual(['data: {"a":1}\n\n', 'data: {"b":2}\n\n', 'data: [DONE]\n\n']);
    expect(sseChunks('data: x\n\ntail').join('')).toBe('data: x\n\ntail');
  });
});

describe('replayFetch with the real openai client and mock server', () => {
  let server;
  afterEach(async () => {
    await server?.close();
  });

  it('asks the server once per distinct request and replays the same answers', async () => {
    server = await startMockLLMServer({ port: 0, latencyMs: 0 });
    const fetch = replayFetch();
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1`, fetch });
    const messages = [{ role: 'user', content: 'Say hello.' }];

    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const again = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(again).toEqual(first);
    expect(first.usage.prompt_tokens).toBeGreaterThan(0);

    const read = async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = [];
      for await (const c of stream) chunks.push(c);
      return chunks;
    };
    const live = await read();
    const replayed = await read();
    expect(replayed).toEqual(live);
    expect(live.at(-1).usage.total_tokens).toBeGreaterThan(0);

    expect(server.requests).toHaveLength(2);
    expect(fetch.recorded.size).toBe(2);
  });
});
