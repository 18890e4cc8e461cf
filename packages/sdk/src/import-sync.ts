import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Defined only inside the `node --import @genai-otel/register` bundle (its build script,
 * packages/register/scripts/bundle-register.mjs): the packages that bundle holds, by specifier,
 * each loaded from the bundle's own files. Everywhere else it is an undeclared global.
 */
declare const __GENAI_OTEL_BUNDLED__: ((specifier: string) => unknown) | undefined;

/**
 * The bundle's copy of a package, when running inside the register bundle and it holds one:
 * loading the installed package instead would give the process a second copy of every module the
 * bundle and that package share.
 */
export function bundledModule<T>(specifier: string): T | undefined {
  return typeof __GENAI_OTEL_BUNDLED__ === 'function'
    ? (__GENAI_OTEL_BUNDLED__(specifier) as T | undefined)
    : undefined;
}

/**
 * A dependency of the sdk, loaded when a component is created rather than when the sdk is
 * imported, so an exporter nobody configured costs nothing at start-up. `create()` is
 * synchronous (under `node --import` the app starts right after), hence Node's `require(esm)`;
 * resolved as an `import` would be, so it is the very module instance an `import` gives.
 */
export function importSync<T>(specifier: string): T {
  return (
    bundledModule<T>(specifier) ?? (require(fileURLToPath(import.meta.resolve(specifier))) as T)
  );
}
