// A small chat app as a team would write it: plain `openai` SDK calls, no telemetry code at all.
// Run it with `node --import @genai-otel/register src/app.mjs` and every call below becomes a span.
import OpenAI from 'openai';

const client = new OpenAI({
  // The SDK reads OPENAI_BASE_URL and OPENAI_API_KEY itself; the defaults here point at the local
  // mock server (`genai-otel-mock-llm --port 8787`) so the example never reaches a paid API.
  baseURL: process.env.OPENAI_BASE_URL ?? 'http://127.0.0.1:8787/v1',
  apiKey: process.env.OPENAI_API_KEY ?? 'sk-local-demo',
});

const MODEL = process.env.DEMO_MODEL ?? 'gpt-4o-mini';

async function chat() {
  const completion = await client.chat.completions.create({
    model: MODEL,
    messages: [
      { role: 'system', content: 'You are a concise support assistant.' },
      { role: 'user', content: 'How do I reset my password?' },
    ],
    temperature: 0.2,
    max_tokens: 200,
  });
  console.log(`chat         → ${completion.choices[0]?.message.content}`);
}

async function streamedChat() {
  const stream = await client.chat.completions.create({
    model: MODEL,
    messages: [{ role: 'user', content: 'Write a two-line haiku about tracing.' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  console.log(`stream       → ${text}`);
}

async function toolCall() {
  const completion = await client.chat.completions.create({
    model: MODEL,
    messages: [{ role: 'user', content: 'Use get_weather: what is the weather in Paris?' }],
    tools: [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ],
  });
  const call = completion.choices[0]?.message.tool_calls?.[0];
  console.log(
    `tool call    → ${call ? `${call.function.name}(${call.function.arguments})` : 'none'}`,
  );
}

async function responses() {
  const response = await client.responses.create({
    model: 'o4-mini',
    instructions: 'Answer in one sentence.',
    input: 'Why do LLM apps need tracing?',
  });
  console.log(`responses    → ${response.output_text}`);
}

async function embeddings() {
  const result = await client.embeddings.create({
    model: 'text-embedding-3-small',
    input: ['reset password', 'billing address'],
  });
  console.log(
    `embeddings   → ${result.data.length} vectors of ${result.data[0]?.embedding.length} dims`,
  );
}

async function apiError() {
  try {
    await client.chat.completions.create({
      model: 'no-such-model',
      messages: [{ role: 'user', content: 'hello' }],
    });
  } catch (error) {
    console.log(
      `api error    → ${error.status} ${error.constructor.name} (expected: recorded as an error span)`,
    );
  }
}

await chat();
await streamedChat();
await toolCall();
await responses();
await embeddings();
await apiError();
