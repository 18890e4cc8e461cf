import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import { installedInstrumentations } from './discover.js';

let modules: readonly string[] | undefined;

/**
 * The modules (npm packages, Node built-ins) the installed instrumentations patch, as their
 * descriptors name them: what an ESM loader hook has to wrap for them to work on `import`ed
 * code. `@genai-otel/register` hooks exactly these.
 */
export function instrumentedModules(
  descriptors: readonly InstrumentationDescriptor[] = installedInstrumentations(),
): readonly string[] {
  if (descriptors !== installedInstrumentations()) return moduleNames(descriptors);
  modules ??= moduleNames(descriptors);
  return modules;
}

function moduleNames(descriptors: readonly InstrumentationDescriptor[]): readonly string[] {
  return [
    ...new Set(descriptors.flatMap((d) => (d.moduleOptional ? [] : (d.modules ?? [d.module])))),
  ].sort();
}
