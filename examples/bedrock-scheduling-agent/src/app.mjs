// A scheduling assistant on Amazon Bedrock as a team would write it: plain AWS SDK v3 calls, no
// telemetry code at all. Run it with `node --import @genai-otel/register src/app.mjs` and every
// call below becomes a span — the agent's whole run (its model calls, the calendar action group,
// the knowledge base, the notification collaborator) a tree of them.
import {
  BedrockAgentRuntimeClient,
  InvokeAgentCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';

// The local mock server (`genai-otel-mock-llm --port 8787`) by default, so the example never reaches
// a paid API; signatures are not checked there, any credentials do.
const aws = {
  region: process.env.AWS_REGION ?? 'us-east-1',
  endpoint: process.env.MOCK_LLM_URL ?? 'http://127.0.0.1:8787',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' },
  maxAttempts: 1,
};
const runtime = new BedrockRuntimeClient(aws);
const agents = new BedrockAgentRuntimeClient(aws);
const MODEL = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';
const decoder = new TextDecoder();

async function converse() {
  const res = await runtime.send(
    new ConverseCommand({
      modelId: MODEL,
      system: [{ text: 'You schedule meetings. Answer in one sentence.' }],
      messages: [{ role: 'user', content: [{ text: 'When is the office open?' }] }],
      inferenceConfig: { maxTokens: 200, temperature: 0.2 },
    }),
  );
  console.log(`converse     → ${res.output.message.content[0].text}`);
}

async function converseStream() {
  const res = await runtime.send(
    new ConverseStreamCommand({
      modelId: 'amazon.nova-lite-v1:0',
      messages: [{ role: 'user', content: [{ text: 'Suggest a meeting title.' }] }],
    }),
  );
  let text = '';
  for await (const event of res.stream) text += event.contentBlockDelta?.delta?.text ?? '';
  console.log(`stream       → ${text}`);
}

async function embed() {
  const res = await runtime.send(
    new InvokeModelCommand({
      modelId: 'amazon.titan-embed-text-v2:0',
      body: JSON.stringify({ inputText: 'Weekly planning with Ana', dimensions: 256 }),
    }),
  );
  console.log(`embeddings   → ${JSON.parse(decoder.decode(res.body)).embedding.length} dims`);
}

async function agent() {
  const res = await agents.send(
    new InvokeAgentCommand({
      agentId: 'SCHEDULER1',
      agentAliasId: 'TSTALIASID',
      sessionId: 'session-1',
      inputText: 'Book a meeting with Ana tomorrow at 10',
      enableTrace: true,
    }),
  );
  let answer = '';
  for await (const event of res.completion)
    if (event.chunk) answer += decoder.decode(event.chunk.bytes);
  console.log(`agent        → ${answer}`);
}

async function throttled() {
  try {
    await runtime.send(
      new ConverseCommand({
        modelId: 'mock-error-429',
        messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
      }),
    );
  } catch (error) {
    console.log(`throttled    → ${error.name} (expected: recorded as an error span)`);
  }
}

await converse();
await converseStream();
await embed();
await agent();
await throttled();
