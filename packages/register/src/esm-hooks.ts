/**
 * The ESM loader hook. CommonJS `require()` is patched by require-in-the-middle without any hook,
 * but an ES module's namespace is sealed once linked, so import-in-the-middle must wrap the
 * modules we instrument while they load. Only those modules are wrapped: every other import of
 * the app goes through Node's loader untouched, which is both faster and safer.
 */
import { createRequire, register as registerLoader } from 'node:module';

/**
 * npm packages the `genai` receiver's instrumentations patch — exactly those, nothing "just in
 * case": a new instrumentation adds its package here. Matched as the bare specifier and as any
 * file under `node_modules/<name>/`, so deep imports (`openai/resources/...`) and the package's
 * internal files (instrumentations hook with `internals: true`) are wrapped too.
 */
export const HOOKED_PACKAGES: readonly string[] = ['openai'];

/**
 * Node built-ins to wrap (`node:` forms are added by import-in-the-middle). None yet: add `http`
 * and `https` when the receiver's optional HTTP instrumentation lands.
 */
export const HOOKED_BUILTINS: readonly string[] = [];

export type HookMode = 'sync' | 'async';

interface IitmRegisterHooks {
  supportsSyncHooks(): boolean;
  register(options: { include: (string | RegExp)[] }): void;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The `include` list handed to import-in-the-middle: file URLs always use `/`. */
export function includeList(
  packages: readonly string[] = HOOKED_PACKAGES,
  builtins: readonly string[] = HOOKED_BUILTINS,
): (string | RegExp)[] {
  const list: (string | RegExp)[] = [...builtins];
  for (const name of packages) {
    list.push(name, new RegExp(`/node_modules/${escapeRegExp(name)}/`));
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
