// The best peer of the peers comparison, in the benchmark's own process: the official
// `@opentelemetry/instrumentation-openai` (from the peers bench's install folder), its module patch
// applied by hand to this process's openai SDK (the copy genai-otel instruments), the patched
// `create` kept and the prototype given back as it was. The caller then swaps `create`s per variant.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureInstalled } from './peers.mjs';
import { peersDir } from './variants.mjs';

/**
 * @param {object} o
 * @param {Function} o.Completions the SDK's `Chat.Completions` class
 * @param {Function} o.originalCreate its unpatched `create`
 * @param {object} o.openai the SDK's module exports, as `require('openai')` gives them
 * @param {string} o.sdkVersion
 * @param {import('@opentelemetry/api').TracerProvider} o.tracerProvider
 * @param {import('@opentelemetry/api').MeterProvider} o.meterProvider
 * @param {(line: string) => void} o.say
 * @returns {{ create: Function, version: string, instrumentation: object }}
 */
export function contribOpenAI(o) {
  const dir = join(peersDir, 'otel-contrib');
  ensureInstalled(dir, o.say);
  const fromContrib = createRequire(join(dir, 'package.json'));
  const entry = fromContrib.resolve('@opentelemetry/instrumentation-openai');
  const { OpenAIInstrumentation } = fromContrib(entry);
  const version = JSON.parse(
    readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'),
  ).version;
  const instrumentation = new OpenAIInstrumentation({ enabled: false });
  instrumentation.setTracerProvider(o.tracerProvider);
  instrumentation.setMeterProvider(o.meterProvider);
  const current = o.Completions.prototype.create;
  o.Completions.prototype.create = o.originalCreate;
  for (const def of instrumentation.getModuleDefinitions()) def.patch?.(o.openai, o.sdkVersion);
  const create = o.Completions.prototype.create;
  o.Completions.prototype.create = current;
  if (create === o.originalCreate) throw new Error('otel-contrib did not patch openai');
  // Its patched function does nothing while disabled. Enabling adds its require hook for later
  // loads only (none follow), so nothing is patched twice.
  instrumentation.enable();
  return { create, version, instrumentation };
}
