import type { Env } from '@genai-otel/component';
import {
  loadConfigFile,
  parseConfig,
  type ResolvedConfig,
  usePrecompiledValidators,
} from '@genai-otel/config';
import { createDefaultRegistry } from './default-registry.js';
import type { ComponentRegistry } from './registry.js';

/**
 * The configuration used when no file is given: the genai instrumentations, batched, sent over
 * OTLP/HTTP (protobuf) to `$OTEL_EXPORTER_OTLP_ENDPOINT`, else a local Jaeger or collector.
 */
export const DEFAULT_CONFIG_YAML = `# genai-otel default configuration (used when no file is given)
receivers:
  genai:
processors:
  batch:
exporters:
  otlp_http:
    endpoint: \${env:OTEL_EXPORTER_OTLP_ENDPOINT:-http://localhost:4318}
service:
  pipelines:
    traces:
      receivers: [genai]
      processors: [batch]
      exporters: [otlp_http]
`;

/** Name the default config goes by in error messages. */
export const DEFAULT_CONFIG_FILE = '<default config>';

export interface LoadOptions {
  registry?: ComponentRegistry;
  env?: Env;
}

/**
 * Reads and validates a config file (`undefined`: `DEFAULT_CONFIG_YAML`). Throws the config
 * package's `ConfigError`, listing every problem with file:line:col, on a bad file.
 */
export function loadConfig(file: string | undefined, opts: LoadOptions = {}): ResolvedConfig {
  usePrecompiled();
  const catalog = opts.registry ?? createDefaultRegistry();
  const env = opts.env ?? process.env;
  if (file === undefined) {
    return parseConfig(DEFAULT_CONFIG_YAML, { file: DEFAULT_CONFIG_FILE, catalog, env });
  }
  return loadConfigFile(file, { catalog, env });
}

let precompiled = false;

/**
 * The built-in components' schemas, compiled at build time (`dist/validators/`, a file
 * per schema, written by scripts/precompile-validators.mjs): nothing is compiled when a config is loaded.
 * Running from sources there is no such file, and schemas are compiled as they are used.
 */
function usePrecompiled(): void {
  if (precompiled) return;
  precompiled = true;
  usePrecompiledValidators(new URL('./validators/', import.meta.url));
}
