import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import type { InstrumentationBase } from '@opentelemetry/instrumentation';

/** The settings every GenAI instrumentation understands, resolved from the receiver config. */
export interface InstrumentationSettings {
  captureMessageContent: boolean;
  maxContentLength?: number;
  openai: { streamUsage: boolean };
  /** `false`: build it without hooking anything (to ask which modules it patches). */
  enabled?: boolean;
}

/**
 * Instrumentation name (as written under `instrumentations:`) → constructor. Adding an SDK is one
 * line here plus a dependency; `instrumentedModules()` learns its module from it.
 */
export const KNOWN_INSTRUMENTATIONS: Readonly<
  Record<string, (settings: InstrumentationSettings) => InstrumentationBase>
> = {
  openai: (s) =>
    new OpenAIInstrumentation({
      enabled: s.enabled ?? true,
      captureMessageContent: s.captureMessageContent,
      ...(s.maxContentLength === undefined ? {} : { maxContentLength: s.maxContentLength }),
      streamUsage: s.openai.streamUsage,
    }),
};

let modules: readonly string[] | undefined;

/**
 * The modules (npm packages, Node built-ins) the `genai` receiver's instrumentations patch, as
 * each instrumentation's own module definitions name them: what an ESM loader hook has to wrap
 * for them to work on `import`ed code. `@genai-otel/register` hooks exactly these.
 */
export function instrumentedModules(): readonly string[] {
  modules ??= [
    ...new Set(
      Object.values(KNOWN_INSTRUMENTATIONS).flatMap((make) =>
        make({ enabled: false, captureMessageContent: false, openai: { streamUsage: false } })
          .getModuleDefinitions()
          .map((definition) => definition.name),
      ),
    ),
  ].sort();
  return modules;
}
