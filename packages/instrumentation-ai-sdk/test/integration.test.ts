import { createOpenAI } from '@ai-sdk/openai';
import { OpenTelemetry } from '@ai-sdk/otel';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { createTestTracing } from '@genai-otel/test-utils';
import { embed, generateText, registerTelemetry } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AiSdkInstrumentation } from '../src/index.js';

// The package's job is to put an integration in AI SDK 7's global list; `register()` is what
// its module hook calls when `ai` loads (the child-process tests in test/ cover the hook).
const tracing = createTestTracing();
const instrumentation = new AiSdkInstrumentation();
instrumentation.setTracerProvider(tracing.tracerProvider);

let llm: MockLLMServer;
let openai: ReturnType<typeof createOpenAI>;
beforeAll(async () => {
  llm = await startMockLLMServer({ port: 0 });
  openai = createOpenAI({ baseURL: `${llm.url}/v1`, apiKey: 'sk-test-not-a-secret' });
});
afterAll(() => llm.close());
afterEach(() => {
  tracing.reset();
  instrumentation.unregister();
  (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] }).AI_SDK_TELEMETRY_INTEGRATIONS = [];
});

const chat = () => generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'Hi', maxRetries: 0 });

describe('AI SDK 7 integration', () => {
  it('nothing is traced until an integration is registered (why this package exists)', async () => {
    await chat();
    expect(tracing.spans()).toEqual([]);
  });

  it('registered: GenAI spans in our scope, content off by default', async () => {
    instrumentation.register();
    instrumentation.register(); // once
    await chat();
    await embed({ model: openai.embedding('text-embedding-3-small'), value: 'x', maxRetries: 0 });
    const spans = tracing.spans();
    expect(spans.map((s) => s.name).sort()).toEqual([
      'chat gpt-4o-mini',
      'embeddings text-embedding-3-small',
      'embeddings text-embedding-3-small',
      'invoke_agent gpt-4o-mini',
      'step 1',
    ]);
    expect(new Set(spans.map((s) => s.instrumentationScope.name))).toEqual(
      new Set(['@genai-otel/instrumentation-ai-sdk']),
    );
    for (const s of spans) expect(s.attributes['gen_ai.input.messages']).toBeUndefined();
  });

  it('records content with capture on', async () => {
    instrumentation.setConfig({ captureMessageContent: true });
    try {
      instrumentation.register();
      await chat();
      const inference = tracing.spans().find((s) => s.name === 'chat gpt-4o-mini')!;
      expect(String(inference.attributes['gen_ai.input.messages'])).toContain('Hi');
    } finally {
      instrumentation.setConfig({});
    }
  });

  it('stands aside when the app registers @ai-sdk/otel itself: one set of spans', async () => {
    instrumentation.register();
    registerTelemetry(new OpenTelemetry({ tracer: tracing.tracerProvider.getTracer('app') }));
    await chat();
    expect(new Set(tracing.spans().map((s) => s.instrumentationScope.name))).toEqual(
      new Set(['app']),
    );
    expect(tracing.spans().filter((s) => s.name === 'chat gpt-4o-mini')).toHaveLength(1);
  });

  it('disabled: unregistered, nothing traced', async () => {
    instrumentation.register();
    instrumentation.disable();
    try {
      await chat();
      expect(tracing.spans()).toEqual([]);
    } finally {
      instrumentation.enable();
    }
  });
});
