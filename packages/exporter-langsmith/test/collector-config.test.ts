import { fileURLToPath } from 'node:url';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { startOtlpReceiver } from '@genai-otel/test-utils';
import type { TracerProvider } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { startLangSmithServer } from './langsmith-server.js';

const file = fileURLToPath(new URL('../../../collector-config/langsmith.yaml', import.meta.url));

/**
 * The sdk is this package's consumer, not a dependency (that would be a cycle in the workspace):
 * the repo's build has built it before tests run, so it is loaded from its dist by path.
 */
interface Sdk {
  createLogger(opts: { write: (line: string) => void }): unknown;
  loadConfig(file: string, opts: { env: Record<string, string> }): unknown;
  startFromConfig(
    config: unknown,
    opts: { env: Record<string, string>; registerGlobals: boolean; logger: unknown },
  ): { tracerProvider: TracerProvider; shutdown(ms?: number): Promise<void> };
}
const sdkEntry = new URL('../../sdk/dist/index.js', import.meta.url).href;

describe('collector-config/langsmith.yaml', () => {
  it('sends the same priced spans to Jaeger (OTLP) and to LangSmith (runs) at once', async () => {
    const sdk = (await import(sdkEntry)) as Sdk;
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
