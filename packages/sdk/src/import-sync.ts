import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * A dependency of the sdk, loaded when a component is created rather than when the sdk is
 * imported, so an exporter nobody configured costs nothing at start-up. `create()` is
 * synchronous (under `node --import` the app starts right after), hence Node's `require(esm)`;
 * resolved as an `import` would be, so it is the very module instance an `import` gives.
 */
export function importSync<T>(specifier: string): T {
  return require(fileURLToPath(import.meta.resolve(specifier))) as T;
}
