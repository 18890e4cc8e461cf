/**
 * The google_genai instrumentation end to end: the real `@google/genai` against the mock server,
 * through the genai receiver, genai_cost and genai_metrics. Gemini counts thoughts and the
 * tool-use prompt apart; the instrumentation writes the conventions' subset form, so the cost
 * needs no `additive_reasoning_scopes` entry. In a file of its own: the SDK module is patched
 * once per test file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../../../test/anthropic-pipeline.js';

const SCOPE = '@genai-otel/instrumentation-google-genai';

/**
 * gemini-2.5-flash, per million tokens: $0.30 input, $0.03 cache read, $2.50 output (thinking
 * included). Call 1: prompt 1025 (1024 of them cached) + 32 tool-use prompt = 1057 input, 33
 * uncached; 3 candidates + 100 thoughts = 103 output:
 * 33 × 0.30 + 1024 × 0.03 + 103 × 2.50 = 9.9 + 30.72 + 257.5 = 298.12.
 * Call 2 (streamed): 4 input, 6 + 64 thoughts = 70 output: 4 × 0.30 + 70 × 2.50 = 176.2.
 */
const COST_1 = 298.12e-6;
const COST_2 = 176.2e-6;

let p: Pipeline;
beforeAll(async () => {
  p = await startPipeline(['google_genai']);
});
afterAll(async () => {
  await p.otel.shutdown();
  await p.llm.close();
});

describe('google_genai through genai_cost and genai_metrics', () => {
  it('prices thoughts, cache reads and the tool-use prompt once, and the metrics sum them', async () => {
    // Loaded after start, so the receiver's hooks patch it.
    const { GoogleGenAI } = createRequire(import.meta.url)('@google/genai');
    const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: p.llm.url } });
    await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Hi',
      config: {
        thinkingConfig: { thinkingBudget: 100 },
        cachedContent: 'cachedContents/abc123',
        tools: [{ googleSearch: {} }],
      },
    });
    const stream = await ai.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'Hello, world!',
    });
    for await (const _ of stream) {
      // read to the end
    }
    await p.otel.forceFlush();

    const spans = p.spans();
    expect(spans.map((s) => s.instrumentationScope.name)).toEqual([SCOPE, SCOPE]);
    const [first, second] = spans;
    expect(first!.attributes).toMatchObject({
      [ATTR_GEN_AI_PROVIDER_NAME]: 'gcp.gemini',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1057,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1024,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 103,
      [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 100,
    });
    expect(first!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(COST_1, 12);
    expect(second!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(COST_2, 12);

    const m = await p.metrics();
    expect(m.tokens('input')).toBe(1057 + 4);
    expect(m.tokens('output')).toBe(103 + 70);
    expect(m.cost).toBeCloseTo(COST_1 + COST_2, 12);
    expect(m.duration.reduce((n, point) => n + point.value.count, 0)).toBe(2);
    expect(p.logLines).toEqual([]);
  });
});

describe('google_genai named while @google/genai is not installed', () => {
  it('says so once (a real app process whose folder has no @google/genai)', () => {
    // A child process: the test runner's NODE_PATH would resolve the workspace's copy.
    const sdk = pathToFileURL(fileURLToPath(new URL('../../../dist/index.js', import.meta.url)));
    const app = `
      import { createRequire } from 'node:module';
      const sdk = await import(${JSON.stringify(sdk.href)});
      const lines = [];
      const log = sdk.createLogger({ level: 'debug', write: (line) => lines.push(line) });
      const factory = sdk.createDefaultRegistry().get('receiver', 'genai');
      const require = createRequire(${JSON.stringify(sdk.href)});
      const { TracerProvider } = require('@opentelemetry/sdk-trace');
      const { MeterProvider } = require('@opentelemetry/sdk-metrics');
      const providers = { tracerProvider: new TracerProvider(), meterProvider: new MeterProvider() };
      for (const _ of [1, 2])
        factory.create({ instrumentations: ['google_genai'] }, { id: 'genai', env: {}, log }).start(providers);
      console.log(JSON.stringify(lines));
    `;
    const env = { ...process.env };
    delete env.NODE_PATH;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', app], {
      cwd: mkdtempSync(join(tmpdir(), 'genai-otel-no-google-')),
      env,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([
      'genai-otel: instrumentation "google_genai": module @google/genai is not installed, so it has nothing to instrument',
    ]);
  });
});
