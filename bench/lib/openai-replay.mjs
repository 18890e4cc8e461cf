// The openai SDK's (6.x) own `chat.completions.create`, `APIPromise` and `Stream` around prebuilt
// replies (no HTTP, no JSON parsing), patched by `OpenAIInstrumentation`: the yardstick the
// per-provider overhead benchmarks (anthropic-overhead, google-genai-overhead) measure their
// instrumentation against, in the same process.
import { createRequire } from 'node:module';
import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import { beforeWrapper } from './before-variant.mjs';
import { MINIMAL_REPLY, PARAMS, stubCompletions } from './openai-chat-stub.mjs';

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
  const completions = stubCompletions(
    { Completions, APIPromise: OpenAIPromise, Stream: OpenAIStream },
    MINIMAL_REPLY,
  );
  const params = PARAMS;
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
