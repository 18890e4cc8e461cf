import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Client } from 'langsmith';

const require = createRequire(import.meta.url);

/**
 * The langsmith `Client` class, loaded when the first exporter is built rather than when this
 * package is imported: the sdk's registry imports every component, and the client's ~120
 * modules would otherwise cost every app ~200 ms at start-up, LangSmith configured or not.
 * Synchronous because the sdk's `create()` is (Node's `require(esm)`); resolved as an `import`
 * would be, so it is the very module instance an app importing `langsmith` gets.
 */
export function loadLangSmithClient(): typeof Client {
  const module = require(fileURLToPath(import.meta.resolve('langsmith'))) as {
    Client: typeof Client;
  };
  return module.Client;
}
