/**
 * The ESM loader hook. CommonJS `require()` is patched by require-in-the-middle without any hook,
 * but an ES module's namespace is sealed once linked, so import-in-the-middle must wrap the
 * modules we instrument while they load. Only those modules are wrapped: every other import of
 * the app goes through Node's loader untouched, which is both faster and safer.
 */
import { createRequire, isBuiltin, register as registerLoader } from 'node:module';
import { instrumentedModules } from '@genai-otel/sdk';

export type HookMode = 'sync' | 'async';

interface IitmRegisterHooks {
  supportsSyncHooks(): boolean;
  register(options: { include: (string | RegExp)[] }): void;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The `include` list handed to import-in-the-middle: the modules the sdk's instrumentations patch
 * (`instrumentedModules()`), nothing "just in case". A Node built-in is listed by name
 * (import-in-the-middle adds the `node:` form); an npm package as the bare specifier and as any
 * file under `node_modules/<name>/` (file URLs always use `/`), so deep imports
 * (`openai/resources/...`) and the package's internal files (instrumentations hook with
 * `internals: true`) are wrapped too, wherever the package manager put them.
 */
export function includeList(
  modules: readonly string[] = instrumentedModules(),
): (string | RegExp)[] {
  const list: (string | RegExp)[] = [];
  for (const name of modules) {
    if (isBuiltin(name)) list.push(name);
    else list.push(name, new RegExp(`/node_modules/${escapeRegExp(name)}/`));
  }
  return list;
}

let installed: HookMode | undefined;

/**
 * Installs the hook once per process. The hook must come from the same import-in-the-middle copy
 * that `@opentelemetry/instrumentation` registers its `Hook`s with, otherwise wrapped modules
 * would never reach the instrumentation; so it is resolved from there, not from our own deps.
 *
 * Node >= 24.11.1 / 22.22.3 run it synchronously on the app thread (`module.registerHooks`);
 * older ones get the asynchronous loader thread (`module.register`).
 */
export function installEsmHooks(include: (string | RegExp)[] = includeList()): HookMode {
  if (installed) return installed;
  const fromHere = createRequire(import.meta.url);
  const instrumentationEntry = fromHere.resolve('@opentelemetry/instrumentation');
  const fromInstrumentation = createRequire(instrumentationEntry);
  // require(esm): register-hooks.mjs has no top-level await, and a synchronous load keeps the
  // whole start synchronous, so the hook is live before the app's first import.
  const iitm = fromInstrumentation('import-in-the-middle/register-hooks.mjs') as IitmRegisterHooks;
  if (iitm.supportsSyncHooks()) {
    iitm.register({ include });
    installed = 'sync';
  } else {
    // The instrumentation package re-exports its own copy's hook for exactly this purpose.
    registerLoader('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
      data: { include },
    });
    installed = 'async';
  }
  return installed;
}
