/**
 * Content capture end to end: the shipped configs load through the real registry with content
 * off, and an explicit `false` holds against the environment on real spans of the real SDK. In a
 * file of its own: the `openai` module is patched once per test file.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MODEL,
  ENV_CAPTURE_MESSAGE_CONTENT,
} from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { captureLogger, config, testComponents } from '../../../test/helpers.js';
import { loadConfig } from '../../load-config.js';
import { startFromConfig } from '../../start.js';
import type { GenAIReceiverConfig } from './config.js';
import { resolveSettings } from './receiver.js';

const shipped = (name: string) =>
  fileURLToPath(new URL(`../../../../../collector-config/${name}`, import.meta.url));
const ENV_ON = { [ENV_CAPTURE_MESSAGE_CONTENT]: 'true' };

/** What the receiver of `file` would capture, loaded with `env` through the default registry. */
function captures(file: string, env: Record<string, string>): boolean {
  const loaded = loadConfig(shipped(file), { env });
  const receiver = loaded.receivers.get('genai')?.config as GenAIReceiverConfig;
  return resolveSettings(receiver, env).captureMessageContent;
}

describe('collector-config/local.yaml', () => {
  it('loads through the real registry: the demo pipeline, every component known', () => {
    const loaded = loadConfig(shipped('local.yaml'), { env: {} });
    expect([...loaded.receivers.keys()]).toEqual(['genai']);
    expect([...loaded.processors.values()].map((p) => p.type)).toEqual(['genai_cost', 'batch']);
    expect([...loaded.exporters.values()].map((e) => [e.id, e.type])).toEqual([
      ['file', 'file'],
      ['debug', 'debug'],
      ['otlp_http/jaeger', 'otlp_http'],
      ['prometheus', 'prometheus'],
      ['awsemf', 'awsemf'],
    ]);
    expect(loaded.exporters.get('file')?.config).toMatchObject({ path: 'out/spans.jsonl' });
    expect(loaded.exporters.get('awsemf')?.config).toMatchObject({
      output_destination: 'file',
      path: 'out/emf.jsonl',
    });
    expect(loaded.exporters.get('otlp_http/jaeger')?.config).toMatchObject({
      endpoint: 'http://localhost:4318',
    });
    expect(loaded.exporters.get('prometheus')?.config).toMatchObject({
      endpoint: '127.0.0.1:9464',
    });
    expect(loaded.pipelines.map((p) => [p.id, p.receivers, p.exporters])).toEqual([
      ['traces', ['genai'], ['file', 'debug', 'otlp_http/jaeger', 'genai_metrics']],
      ['metrics', ['genai_metrics'], ['prometheus', 'awsemf']],
    ]);
  });

  it('captures no message content unless the environment asks for it', () => {
    expect(captures('local.yaml', {})).toBe(false);
    expect(captures('local.yaml', ENV_ON)).toBe(true);
  });
});

describe('collector-config/jaeger.yaml', () => {
  it('loads through the real registry: traces to Jaeger over OTLP/HTTP, content off', () => {
    const loaded = loadConfig(shipped('jaeger.yaml'), {
      env: { JAEGER_OTLP_ENDPOINT: 'http://jaeger:4318' },
    });
    expect(loaded.exporters.get('otlp_http/jaeger')?.config).toMatchObject({
      endpoint: 'http://jaeger:4318',
      encoding: 'proto',
      compression: 'gzip',
      timeout: '10s',
      sending_queue: { queue_size: 2048 },
    });
    expect(loaded.pipelines.map((p) => [p.id, p.receivers, p.processors, p.exporters])).toEqual([
      ['traces', ['genai'], ['batch'], ['otlp_http/jaeger']],
    ]);
    expect(captures('jaeger.yaml', {})).toBe(false);
    // Content is left to the environment there, so a shared Jaeger stays content-free unless asked.
    expect(
      captures('jaeger.yaml', { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }),
    ).toBe(true);
  });
});

describe('an explicit capture_message_content: false', () => {
  it('holds when the environment says true: no messages on real spans', async () => {
    const llm = await startMockLLMServer();
    const { registry, captures: sinks } = testComponents();
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [openai], capture_message_content: false } }
processors: { batch: { send_batch_size: 1 } }
exporters: { test_capture: }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [test_capture] } } }
`,
        registry,
      ),
      { registry, logger: log.logger, registerGlobals: false, env: ENV_ON },
    );
    try {
      // Loaded after start, through require: the hook installed by start patches it on load.
      const { OpenAI } = createRequire(import.meta.url)('openai');
      const client = new OpenAI({ apiKey: 'test-key', baseURL: `${llm.url}/v1` });
      await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Say hello' }],
      });
      const [span] = await sinks.get('test_capture')!.waitFor(1);
      expect(span?.attributes[ATTR_GEN_AI_REQUEST_MODEL]).toBe('gpt-4o-mini');
      expect(span?.attributes[ATTR_GEN_AI_INPUT_MESSAGES]).toBeUndefined();
      expect(span?.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]).toBeUndefined();
      expect(log.lines).toEqual([]);
    } finally {
      await otel.shutdown();
      await llm.close();
    }
  });
});
