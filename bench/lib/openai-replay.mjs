// The openai SDK's (6.x) own `chat.completions.create`, `APIPromise` and `Stream` around prebuilt
// replies (no HTTP, no JSON parsing), patched by `OpenAIInstrumentation`: the yardstick the
// per-provider overhead benchmarks (anthropic-overhead, google-genai-overhead) measure their
// instrumentation against, in the same process.
import { createRequire } from 'node:module';
import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import { beforeWrapper } from './before-variant.mjs';

const require = createRequire(import.meta.url);

/**
 * Instruments, then loads, the openai SDK (require-in-the-middle, once installed by another
 * instrumentation, would not patch a module it saw load unhooked) and returns the two variants:
 * `openai-none` (the unpatched `create`) and `openai-genai-otel` (the patched one).
 */
export function openaiVariants(provider) {
  new OpenAIInstrumentation({ captureMessageContent: false }).setTracerProvider(provider);
  const { OpenAI } = require('openai');
  const OpenAIPromise = require('openai/core/api-promise').APIPromise;
  const OpenAIStream = require('openai/core/streaming').Stream;
  const Completions = OpenAI.Chat.Completions;
  const openaiCreate = Completions.prototype.create;
  const openaiOriginal = openaiCreate.__original;
  if (typeof openaiOriginal !== 'function') throw new Error('genai-otel did not patch openai');
  const usage = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };
  const common = {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    created: 1741569952,
    model: 'gpt-4o-mini-2024-07-18',
  };
  const completion = {
    ...common,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello! How can I help?' },
        finish_reason: 'stop',
      },
    ],
    usage,
  };
  const chunk = (delta, finish = null) => ({
    ...common,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const chunks = [
    chunk({ role: 'assistant', content: '' }),
    ...['Hello', '!', ' How', ' can I', ' help?'].map((content) => chunk({ content })),
    chunk({}, 'stop'),
    { ...chunk({}), choices: [], usage },
  ];
  async function* replay() {
    for (const c of chunks) yield c;
  }
  const props = { response: {}, options: {}, controller: new AbortController() };
  const client = {
    baseURL: 'https://api.openai.com/v1',
    post(_path, opts) {
      return new OpenAIPromise(client, Promise.resolve(props), () =>
        opts.stream === true ? new OpenAIStream(replay, new AbortController(), client) : completion,
      );
    },
  };
  const completions = new Completions(client);
  const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] };
  const params = {
    plain: ask,
    stream: { ...ask, stream: true, stream_options: { include_usage: true } },
  };
  setup = { OpenAI, Completions, openaiOriginal, completions, params };
  return {
    'openai-none': (mode) => openaiOriginal.call(completions, params[mode]),
    'openai-genai-otel': (mode) => openaiCreate.call(completions, params[mode]),
  };
}

let setup;

/** `openai-genai-otel-before`: the same call through an earlier build (after `openaiVariants`). */
export async function openaiBeforeVariant(beforeDir, provider) {
  const { OpenAI, Completions, openaiOriginal, completions, params } = setup;
  const create = await beforeWrapper(beforeDir, {
    pkg: 'instrumentation-openai',
    className: 'OpenAIInstrumentation',
    provider,
    moduleExports: { OpenAI },
    proto: Completions.prototype,
    method: 'create',
    original: openaiOriginal,
  });
  return { 'openai-genai-otel-before': (mode) => create.call(completions, params[mode]) };
}
