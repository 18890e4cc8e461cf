/**
 * Runs a fixture exactly as a user would: `node --import @genai-otel/register <fixture>`, in a
 * real child process whose working directory is this package, so `@genai-otel/register` and
 * `openai` resolve from its node_modules like from an app's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunNodeOptions, type RunNodeResult, runNode } from '@genai-otel/test-utils';
import { afterEach } from 'vitest';

export const PACKAGE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const FIXTURES = join(PACKAGE_DIR, 'fixtures');

/**
 * Variables a developer's shell may have set that would change what a test sees; each run
 * starts from none of them and sets only what the test says.
 */
const CLEAN_ENV: Record<string, undefined> = {
  GENAI_OTEL_CONFIG: undefined,
  GENAI_OTEL_STRICT: undefined,
  GENAI_OTEL_SHUTDOWN_TIMEOUT_MS: undefined,
  OTEL_SDK_DISABLED: undefined,
  OTEL_SERVICE_NAME: undefined,
  OTEL_RESOURCE_ATTRIBUTES: undefined,
  OTEL_LOG_LEVEL: undefined,
  OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
  OTEL_EXPORTER_OTLP_HEADERS: undefined,
  OTEL_EXPORTER_OTLP_TIMEOUT: undefined,
  OTEL_EXPORTER_OTLP_COMPRESSION: undefined,
  OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: undefined,
  NODE_OPTIONS: undefined,
};

export interface AppRun extends RunNodeResult {
  /** stderr split into lines, without the trailing empty one. */
  stderrLines: string[];
}

export interface RunAppOptions extends Omit<RunNodeOptions, 'env' | 'cwd'> {
  /** Run with `--import @genai-otel/register` (default) or as plain `node <fixture>`. */
  register?: boolean;
  /** Modules to `--import` before the register (paths). */
  imports?: string[];
}

export function runApp(
  fixture: string,
  env: Record<string, string | undefined>,
  options: RunAppOptions = {},
): Promise<AppRun> {
  const { register = true, imports = [], ...runOptions } = options;
  const preload = [
    ...imports.flatMap((m) => ['--import', m]),
    ...(register ? ['--import', '@genai-otel/register'] : []),
  ];
  return runNode([...preload, join(FIXTURES, fixture)], {
    timeoutMs: 20_000,
    ...runOptions,
    cwd: PACKAGE_DIR,
    env: { ...CLEAN_ENV, ...env },
  }).then((result) => ({
    ...result,
    stderrLines: result.stderr.split('\n').filter((line) => line !== ''),
  }));
}

/** Returns a maker of temp dirs (configs, `file` exporter output), all removed after each test. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genai-otel-e2e-'));
    made.push(dir);
    return dir;
  };
}

export async function writeConfig(dir: string, yaml: string, name = 'otel.yaml'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, yaml);
  return path;
}
