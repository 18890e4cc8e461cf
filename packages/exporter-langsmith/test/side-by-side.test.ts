import { createRequire } from 'node:module';
import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { Client } from 'langsmith';
import { wrapOpenAI } from 'langsmith/wrappers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';
import { type LangSmithServer, type Run, startLangSmithServer } from './langsmith-server.js';

const instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
const require = createRequire(import.meta.url);
const { OpenAI } = require('openai') as typeof import('openai');

type Dict = Record<string, unknown>;
type Params = Parameters<InstanceType<typeof OpenAI>['chat']['completions']['create']>[0];

const CALLS: { label: string; params: Params }[] = [
  {
    label: 'chat',
    params: {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a concise support assistant.' },
        { role: 'user', content: 'How do I reset my password?' },
      ],
      temperature: 0.2,
      max_tokens: 200,
    },
  },
  {
    label: 'stream',
    params: {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Write a two-line haiku about tracing.' }],
      stream: true,
      stream_options: { include_usage: true },
    },
  },
  {
    label: 'tool round trip',
    params: {
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":21}' },
      ],
      max_tokens: 64,
    },
  },
];

async function call(client: InstanceType<typeof OpenAI>, params: Params): Promise<void> {
  const result = (await client.chat.completions.create(params)) as unknown;
  if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
    for await (const _ of result as AsyncIterable<unknown>);
  }
}

/** The fields LangSmith's chat view, token counts and cost use. */
function view(run: Run) {
  const outputs = run.outputs as Dict;
  const usage = outputs.usage_metadata as Dict;
  const choice = (outputs.choices as Dict[])[0]!;
  const message = choice.message as Dict;
  const m = (run.extra as { metadata: Dict }).metadata;
  return {
    run_type: run.run_type,
    messages: (run.inputs as Dict).messages,
    reply: { role: message.role, content: message.content },
    usage: {
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      total_tokens: usage.total_tokens,
      cache_read: (usage.input_token_details as Dict | undefined)?.cache_read,
      reasoning: (usage.output_token_details as Dict | undefined)?.reasoning,
    },
    metadata: {
      ls_provider: m.ls_provider,
      ls_model_name: m.ls_model_name,
      ls_model_type: m.ls_model_type,
      ls_temperature: m.ls_temperature,
      ls_max_tokens: m.ls_max_tokens,
    },
  };
}

/**
 * The same calls traced by LangSmith's own `wrapOpenAI` (through `traceable`) and by
 * genai-otel (instrumentation → spans → this exporter), each into its own local LangSmith.
 */
describe('genai-otel runs next to wrapOpenAI runs', () => {
  let mock: Awaited<ReturnType<typeof startMockLLMServer>>;
  let native: LangSmithServer;
  let h: Harness;
  const nativeRuns: Run[] = [];
  const otelRuns: Run[] = [];

  beforeAll(async () => {
    mock = await startMockLLMServer();
    native = await startLangSmithServer();
    h = await startHarness();
    instrumentation.setTracerProvider(h.provider);
    const lsClient = new Client({ apiUrl: native.url, apiKey: 'lsv2_native' });
    const wrapped = wrapOpenAI(
      new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'sk-local', maxRetries: 0 }),
      { client: lsClient, tracingEnabled: true, project_name: 'native' },
    );
    const plain = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'sk-local', maxRetries: 0 });
    for (const { params } of CALLS) {
      // Only LangSmith's wrapper traces this one.
      await context.with(suppressTracing(context.active()), () => call(wrapped, params));
      await lsClient.awaitPendingTraceBatches();
      nativeRuns.push([...native.runs.values()].at(-1)!);
      await call(plain, params);
      await h.provider.forceFlush();
      await h.exporter.forceFlush();
      otelRuns.push([...h.server.runs.values()].at(-1)!);
    }
  });

  afterAll(async () => {
    instrumentation.disable();
    await h.close();
    await native.close();
    await mock.close();
  });

  it('traced each call once on each side', () => {
    expect(native.runs.size).toBe(CALLS.length);
    expect(h.server.runs.size).toBe(CALLS.length);
  });

  it.each(CALLS.map((c, i) => [c.label, i] as const))(
    '%s: same run type, messages, reply, usage and cost keys',
    (_label, i) => {
      const ours = view(otelRuns[i]!);
      const theirs = view(nativeRuns[i]!);
      // LangSmith's side is what the app sent and the provider answered …
      expect(theirs.run_type).toBe('llm');
      expect(theirs.messages).toEqual(CALLS[i]!.params.messages);
      expect(theirs.metadata.ls_provider).toBe('openai');
      expect(theirs.metadata.ls_model_name).toBe(CALLS[i]!.params.model);
      expect(theirs.usage.input_tokens).toBeGreaterThan(0);
      expect(typeof theirs.reply.content).toBe('string');
      // … and genai-otel's run reads the same.
      expect(ours).toEqual(theirs);
    },
  );
});
