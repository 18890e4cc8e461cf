import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import { DEFAULT_IGNORED_PATHS } from '@genai-otel/instrumentation-http';
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
import { installedInstrumentations } from './discover.js';
import { createGenAIReceiverFactory } from './factory.js';
import { instrumentedModules } from './instrumentations.js';
import { type GenAIReceiver, resolveSettings } from './receiver.js';

const testdata = fileURLToPath(new URL('./testdata/config.yaml', import.meta.url));

describe('genai receiver', () => {
  const loaded = loadConfig(testdata, { env: {} });

  const DEFAULTS = {
    ai_sdk: {},
    mcp: {},
    openai: { stream_usage: false },
    anthropic: {},
    bedrock: { agent_trace: false },
    google_genai: {},
    http: {
      incoming: true,
      outgoing: true,
      ignore_incoming_paths: DEFAULT_IGNORED_PATHS,
      trace_llm_requests: false,
    },
    undici: { trace_llm_requests: false },
    langchain: {},
    openai_agents: {},
  };

  it.each<[string, GenAIReceiverConfig]>([
    // Left out: every installed instrumentation (no `instrumentations` key at all).
    ['genai', { max_content_length: 16384, ...DEFAULTS }],
    [
      'genai/content',
      {
        instrumentations: ['openai'],
        capture_message_content: true,
        max_content_length: 2000,
        ...DEFAULTS,
        openai: { stream_usage: true },
      },
    ],
    ['genai/none', { instrumentations: [], max_content_length: 16384, ...DEFAULTS }],
    ['genai/off', { capture_message_content: false, max_content_length: 16384, ...DEFAULTS }],
    [
      'genai/both',
      { instrumentations: ['anthropic', 'openai'], max_content_length: 16384, ...DEFAULTS },
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
      /receivers\.genai\.instrumentations\[1\]: must be one of: ai_sdk, anthropic, bedrock, google_genai, http, langchain, mcp, openai, openai_agents, undici \(got "anthropik"\)/,
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
receivers: { genai: { instrumentations: [openai], capture_message_content: true } }
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

  it('names the modules its instrumentations patch, as their descriptors say', () => {
    expect(instrumentedModules()).toEqual([
      '@anthropic-ai/sdk',
      '@aws-sdk/client-bedrock-agent-runtime',
      '@aws-sdk/client-bedrock-runtime',
      '@google/genai',
      '@langchain/core',
      '@modelcontextprotocol/sdk',
      '@openai/agents-core',
      'ai',
      'http',
      'https',
      'openai',
    ]);
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
    // Loaded by the receiver through Node (require(esm)), not through vitest's module graph: the
    // same class by name and package, not by identity here.
    expect(instrumentation?.constructor.name).toBe(OpenAIInstrumentation.name);
    expect(instrumentation?.instrumentationName).toBe('@genai-otel/instrumentation-openai');
    expect(instrumentation.getConfig()).toMatchObject({
      captureMessageContent: true,
      maxContentLength: 2000,
      streamUsage: true,
    });
    return built.shutdown();
  });
});

const require_ = createRequire(import.meta.url);

describe('an instrumentation named whose module is not installed', () => {
  it('says so once, and still starts the others', () => {
    const [real] = installedInstrumentations().filter((d) => d.name === 'openai');
    const missing: InstrumentationDescriptor = {
      ...real!,
      name: 'mistral',
      module: 'not-installed-llm-sdk',
      create: (s) => real!.create({ ...s, enabled: false }),
    };
    const factory = createGenAIReceiverFactory(() => [...installedInstrumentations(), missing]);
    const log = captureLogger();
    const { TracerProvider } = require_('@opentelemetry/sdk-trace');
    const { MeterProvider } = require_('@opentelemetry/sdk-metrics');
    const providers = { tracerProvider: new TracerProvider(), meterProvider: new MeterProvider() };
    const receivers = [1, 2].map(
      () =>
        factory.create(
          { instrumentations: ['mistral', 'openai'], max_content_length: 100 },
          { id: 'genai', env: {}, log: log.logger },
        ) as GenAIReceiver,
    );
    for (const r of receivers) r.start(providers);
    expect(log.lines.filter((l) => l.includes('not-installed-llm-sdk'))).toEqual([
      expect.stringContaining(
        'instrumentation "mistral": module not-installed-llm-sdk is not installed, so it has nothing to instrument',
      ),
    ]);
    expect(receivers[0]!.instrumentations.map((i) => i.instrumentationName)).toEqual([
      '@genai-otel/instrumentation-openai',
      '@genai-otel/instrumentation-openai',
    ]);
    return Promise.all(receivers.map((r) => r.shutdown()));
  });
});
