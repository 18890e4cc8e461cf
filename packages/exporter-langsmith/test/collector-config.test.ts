import { fileURLToPath } from 'node:url';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ENV_CAPTURE_MESSAGE_CONTENT,
} from '@genai-otel/semantic-conventions';
import { startOtlpReceiver } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { startLangSmithServer } from './langsmith-server.js';
import { loadSdk, receiverConfig } from './sdk-dist.js';

const file = fileURLToPath(new URL('../../../collector-config/langsmith.yaml', import.meta.url));

describe('collector-config/langsmith.yaml', () => {
  it('captures no message content unless OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true', async () => {
    const sdk = await loadSdk();
    const env = { LANGSMITH_API_KEY: 'lsv2_e2e' };
    const off = sdk.loadConfig(file, { env });
    expect(receiverConfig(off, 'genai').capture_message_content).toBe(false);
    const on = sdk.loadConfig(file, {
      env: { ...env, [ENV_CAPTURE_MESSAGE_CONTENT]: 'true' },
    });
    expect(receiverConfig(on, 'genai').capture_message_content).toBe(true);
  });

  it('sends the same priced spans to Jaeger (OTLP) and to LangSmith (runs) at once', async () => {
    const sdk = await loadSdk();
    const jaeger = await startOtlpReceiver();
    const langsmith = await startLangSmithServer();
    const env = {
      JAEGER_OTLP_ENDPOINT: jaeger.url,
      LANGSMITH_ENDPOINT: langsmith.url,
      LANGSMITH_API_KEY: 'lsv2_e2e',
      LANGSMITH_PROJECT: 'e2e',
      OTEL_SERVICE_NAME: 'support-bot',
    };
    const lines: string[] = [];
    const logger = sdk.createLogger({ write: (line) => lines.push(line) });
    const otel = sdk.startFromConfig(sdk.loadConfig(file, { env }), {
      env,
      registerGlobals: false,
      logger,
    });
    const tracer = otel.tracerProvider.getTracer('e2e');
    tracer.startActiveSpan('invoke_agent support', (agent) => {
      tracer
        .startSpan('chat gpt-4o-mini', {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
            [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
            [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1000,
            [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 200,
          },
        })
        .end();
      agent.end();
    });
    await otel.shutdown(5_000);

    const spans = await jaeger.waitForSpans(2);
    const chatSpan = spans.find((s) => s.name === 'chat gpt-4o-mini')!;
    const price = chatSpan.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT];
    expect(price).toBeGreaterThan(0);
    expect([...langsmith.runs.values()].map((r) => r.name).sort()).toEqual([
      'chat gpt-4o-mini',
      'invoke_agent support',
    ]);
    const chat = [...langsmith.runs.values()].find((r) => r.name === 'chat gpt-4o-mini')!;
    expect(chat.session_name).toBe('e2e');
    expect(
      (chat.outputs as { usage_metadata: { total_cost: number } }).usage_metadata.total_cost,
    ).toBe(price);
    expect(langsmith.ingests.every((i) => i.apiKey === 'lsv2_e2e')).toBe(true);
    expect(lines).toEqual([]);
    await jaeger.close();
    await langsmith.close();
  });
});
