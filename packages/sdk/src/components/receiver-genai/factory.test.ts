import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ENV_CAPTURE_MESSAGE_CONTENT,
} from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { captureLogger, config, testComponents } from '../../../test/helpers.js';
import { loadConfig } from '../../load-config.js';
import { startFromConfig } from '../../start.js';
import type { GenAIReceiverConfig } from './config.js';
import { instrumentedModules } from './instrumentations.js';
import { resolveSettings } from './receiver.js';

const testdata = fileURLToPath(new URL('./testdata/config.yaml', import.meta.url));

describe('genai receiver', () => {
  const loaded = loadConfig(testdata, { env: {} });

  it.each<[string, GenAIReceiverConfig]>([
    [
      'genai',
      {
        instrumentations: ['openai'],
        max_content_length: 16384,
        openai: { stream_usage: false },
      },
    ],
    [
      'genai/content',
      {
        instrumentations: ['openai'],
        capture_message_content: true,
        max_content_length: 2000,
        openai: { stream_usage: true },
      },
    ],
    [
      'genai/none',
      {
        instrumentations: [],
        max_content_length: 16384,
        openai: { stream_usage: false },
      },
    ],
    [
      'genai/off',
      {
        instrumentations: ['openai'],
        capture_message_content: false,
        max_content_length: 16384,
        openai: { stream_usage: false },
      },
    ],
  ])('loads %s from testdata', (id, expected) => {
    expect(loaded.receivers.get(id)?.config).toEqual(expected);
  });

  it('rejects an unknown instrumentation, listing the valid ones', () => {
    expect(() =>
      config(`
receivers: { genai: { instrumentations: [openai, anthropik] } }
exporters: { debug: }
service: { pipelines: { traces: { receivers: [genai], exporters: [debug] } } }
`),
    ).toThrow(
      /receivers\.genai\.instrumentations\[1\]: must be one of: openai \(got "anthropik"\)/,
    );
  });

  describe('content capture: a value in the YAML wins, else the environment decides', () => {
    const unset = loaded.receivers.get('genai')?.config as GenAIReceiverConfig;
    const off = loaded.receivers.get('genai/off')?.config as GenAIReceiverConfig;
    const on = loaded.receivers.get('genai/content')?.config as GenAIReceiverConfig;
    const envOn = { [ENV_CAPTURE_MESSAGE_CONTENT]: ' TRUE ' };
    const envOff = { [ENV_CAPTURE_MESSAGE_CONTENT]: 'false' };

    it.each([
      ['left out, no variable', unset, {}, false],
      ['left out, variable true', unset, envOn, true],
      ['left out, variable not "true"', unset, { [ENV_CAPTURE_MESSAGE_CONTENT]: '1' }, false],
      ['false, variable true', off, envOn, false],
      ['true, variable false', on, envOff, true],
      ['true, no variable', on, {}, true],
    ])('%s', (_case, config, env, expected) => {
      expect(resolveSettings(config, env).captureMessageContent).toBe(expected);
    });

    it('hands the other settings through', () => {
      expect(resolveSettings(on, {})).toEqual({
        captureMessageContent: true,
        maxContentLength: 2000,
        openai: { streamUsage: true },
      });
    });
  });

  it('instruments the real openai SDK during start, feeding the pipeline', async () => {
    const llm = await startMockLLMServer();
    const { registry, captures } = testComponents();
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { capture_message_content: true } }
processors: { batch: { send_batch_size: 1 } }
exporters: { test_capture: }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [test_capture] } } }
`,
        registry,
      ),
      { registry, logger: log.logger, registerGlobals: false, env: {} },
    );
    try {
      // Loaded after start, through require: the hook installed by start patches it on load.
      const { OpenAI } = createRequire(import.meta.url)('openai');
      const client = new OpenAI({ apiKey: 'test-key', baseURL: `${llm.url}/v1` });
      await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Say hello' }],
      });
      const [span] = await captures.get('test_capture')!.waitFor(1);
      expect(span?.attributes[ATTR_GEN_AI_OPERATION_NAME]).toBe('chat');
      expect(span?.attributes[ATTR_GEN_AI_REQUEST_MODEL]).toBe('gpt-4o-mini');
      expect(span?.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeGreaterThan(0);
      expect(String(span?.attributes[ATTR_GEN_AI_INPUT_MESSAGES])).toContain('Say hello');
      expect(log.lines).toEqual([]);
    } finally {
      await otel.shutdown();
      await llm.close();
    }
  });

  it('names the modules its instrumentations patch, as their module definitions say', () => {
    expect(instrumentedModules()).toEqual(['openai']);
  });

  it('creates the configured instrumentation objects', () => {
    const receiver = loaded.receivers.get('genai/content')!;
    const { registry } = testComponents();
    const factory = registry.get('receiver', 'genai')!;
    const built = factory.create(receiver.config, {
      id: 'genai/content',
      env: {},
      log: captureLogger().logger,
    });
    const { TracerProvider } = require_('@opentelemetry/sdk-trace');
    const { MeterProvider } = require_('@opentelemetry/sdk-metrics');
    built.start({ tracerProvider: new TracerProvider(), meterProvider: new MeterProvider() });
    const [instrumentation] = built.instrumentations;
    expect(instrumentation).toBeInstanceOf(OpenAIInstrumentation);
    expect(instrumentation.getConfig()).toMatchObject({
      captureMessageContent: true,
      maxContentLength: 2000,
      streamUsage: true,
    });
    return built.shutdown();
  });
});

const require_ = createRequire(import.meta.url);
