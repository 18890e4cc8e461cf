/**
 * Redaction end to end: the real `openai` SDK against the mock LLM server, content capture on,
 * a prompt holding an email address and a card number. Every exporter of the pipeline (a JSONL
 * file, OTLP/HTTP to a local receiver, an in-memory sink) gets the span with both masked inside
 * still-valid message JSON, priced as before. In a file of its own: `openai` is patched once per
 * test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_REDACTION_MASKED_KEYS,
} from '@genai-otel/semantic-conventions';
import { readJsonlSpans, startOtlpReceiver } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { startFromConfig } from '../src/start.js';
import { captureLogger, config, testComponents } from './helpers.js';

const EMAIL = 'maria.garcia@example.com';
const CARD = '4111 1111 1111 1111';

describe('redaction before every exporter', () => {
  // Three servers and the SDK loaded on first use: seconds on a loaded machine, not a speed test.
  it('masks an email and a card number in captured content for the file, OTLP and in-memory exporters', {
    timeout: 30_000,
  }, async () => {
    const llm = await startMockLLMServer();
    const otlp = await startOtlpReceiver();
    const dir = mkdtempSync(join(tmpdir(), 'redaction-e2e-'));
    const file = join(dir, 'spans.jsonl');
    const { registry, captures } = testComponents();
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [openai], capture_message_content: true } }
processors:
  redaction: { summary: debug }
  genai_cost: {}
  batch: { send_batch_size: 1, timeout: 10ms }
exporters:
  file: { path: ${JSON.stringify(file)} }
  otlp_http: { endpoint: ${otlp.url}, encoding: json }
  test_capture:
service:
  pipelines:
    traces:
      receivers: [genai]
      processors: [redaction, genai_cost, batch]
      exporters: [file, otlp_http, test_capture]
`,
        registry,
      ),
      { registry, logger: log.logger, registerGlobals: false, env: {} },
    );
    try {
      const { OpenAI } = createRequire(import.meta.url)('openai');
      const client = new OpenAI({ apiKey: 'test-key', baseURL: `${llm.url}/v1` });
      await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'You are a billing assistant.' },
          {
            role: 'user',
            content: `Hi, I'm ${EMAIL}. Please refund my card ${CARD}, it was charged twice.`,
          },
        ],
      });
      const [inMemory] = await captures.get('test_capture')!.waitFor(1);
      const [overOtlp] = await otlp.waitForSpans(1);
      await otel.forceFlush();
      const [inFile] = await readJsonlSpans(file);

      for (const [where, attrs] of [
        ['memory', inMemory!.attributes],
        ['otlp', overOtlp!.attributes],
        ['file', inFile!.attributes],
      ] as const) {
        const all = JSON.stringify(attrs);
        expect(all, where).not.toContain(EMAIL);
        expect(all, where).not.toContain('4111');
        const messages = JSON.parse(attrs[ATTR_GEN_AI_INPUT_MESSAGES] as string);
        expect(messages[1].parts[0].content, where).toBe(
          "Hi, I'm [REDACTED:email]. Please refund my card [REDACTED:payment_card], it was charged twice.",
        );
        expect(messages[0].parts[0].content, where).toBe('You are a billing assistant.');
        expect(JSON.parse(attrs[ATTR_GEN_AI_OUTPUT_MESSAGES] as string), where).toEqual(
          expect.any(Array),
        );
        // The mock answers with what it was asked: the output is masked too.
        expect(attrs[ATTR_REDACTION_MASKED_KEYS], where).toBe(
          `${ATTR_GEN_AI_INPUT_MESSAGES},${ATTR_GEN_AI_OUTPUT_MESSAGES}`,
        );
        expect(attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT], where).toEqual(expect.any(Number));
      }
      expect(log.lines).toEqual([]);
    } finally {
      await otel.shutdown();
      await otlp.close();
      await llm.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
