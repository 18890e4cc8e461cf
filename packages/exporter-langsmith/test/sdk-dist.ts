import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TracerProvider } from '@opentelemetry/sdk-trace';

const packages = fileURLToPath(new URL('../../', import.meta.url));

function newestSource(dir: string): { file: string; mtime: number } {
  let newest = { file: '', mtime: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const mtime = statSync(file).mtimeMs;
    if (mtime > newest.mtime) newest = { file, mtime };
  }
  return newest;
}

/**
 * The built entry of a workspace package (`sdk`, `exporter-langsmith` …) as a URL to import,
 * after checking that its dist exists and is not older than its sources: tests that load a
 * dist by path must fail saying so, not test yesterday's build.
 */
export function freshDist(pkg: string): string {
  const root = join(packages, pkg);
  const entry = join(root, 'dist', 'index.js');
  const rebuild = `run \`pnpm exec turbo run build --filter=@genai-otel/${pkg}...\``;
  if (!existsSync(entry)) throw new Error(`packages/${pkg}/dist is missing: ${rebuild}`);
  const source = newestSource(join(root, 'src'));
  if (source.mtime > statSync(entry).mtimeMs) {
    throw new Error(
      `packages/${pkg}/dist is older than ${source.file.slice(packages.length)}: ${rebuild}`,
    );
  }
  return pathToFileURL(entry).href;
}

/**
 * The sdk is this package's consumer, not a dependency (that would be a cycle in the workspace):
 * the repo's build has built it before tests run, so it is loaded from its dist by path, after
 * checking that dist (and this package's, which it loads) is not older than the sources.
 */
export interface Sdk {
  createLogger(opts: { write: (line: string) => void }): unknown;
  loadConfig(file: string, opts: { env: Record<string, string> }): LoadedConfig;
  startFromConfig(
    config: unknown,
    opts: { env: Record<string, string>; registerGlobals: boolean; logger: unknown },
  ): {
    tracerProvider: TracerProvider;
    forceFlush(ms?: number): Promise<void>;
    shutdown(ms?: number): Promise<void>;
  };
}
export interface LoadedConfig {
  receivers:
    | Map<string, { config: Record<string, unknown> }>
    | Record<string, { config: Record<string, unknown> }>;
}

export async function loadSdk(): Promise<Sdk> {
  freshDist('exporter-langsmith');
  return (await import(freshDist('sdk'))) as Sdk;
}

export function receiverConfig(config: LoadedConfig, id: string): Record<string, unknown> {
  const receivers = config.receivers;
  return (receivers instanceof Map ? receivers.get(id) : receivers[id])!.config;
}
