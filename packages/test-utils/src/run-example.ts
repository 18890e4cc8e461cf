import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { readJsonlMetrics, readJsonlSpans } from './jsonl-spans.js';
import type { FlatMetric, FlatSpan } from './otlp/flatten.js';
import { type RunNodeResult, runNode } from './run-node.js';

export interface RunExampleOptions {
  /**
   * The example's folder (a path or a `file:` URL, e.g. `new URL('..', import.meta.url)` from its
   * `test/`): the child's working directory, so `@genai-otel/register` and `openai` resolve from
   * the example's own dependencies.
   */
  dir: string | URL;
  /** The script to run, relative to `dir`; default `src/app.mjs`. */
  script?: string;
  /** Added to the child's environment last (e.g. to switch content capture on); `undefined` removes. */
  env?: Record<string, string | undefined>;
  /** SIGKILL the child after this long; default 30 000 ms. */
  timeoutMs?: number;
  /**
   * Run with this config (e.g. one of `collector-config/`) instead of the file-only one: the child
   * gets `GENAI_OTEL_OUT_DIR` set to the temp dir, and spans and metrics are read from `output`
   * there (the config's `file` exporter path, relative to `${env:GENAI_OTEL_OUT_DIR}`).
   */
  config?: { path: string; output: string };
}

export interface ExampleRun {
  run: RunNodeResult;
  /** The spans the `file` exporter wrote, in export order; empty when the child failed. */
  spans: FlatSpan[];
  /** The metrics the `file` exporter wrote (with `config` only), in export order. */
  metrics: FlatMetric[];
  /** The mock OpenAI server the child called: its `requests` are what the app sent. */
  llm: MockLLMServer;
  /** Close the mock server and remove the temp dir. */
  cleanup(): Promise<void>;
}

/** Only a `file` exporter, batched briefly, so the test reads exactly what the pipeline exported. */
const configYaml = (spansFile: string) => `receivers:
  genai: {}
processors:
  batch: { timeout: 200ms }
exporters:
  file: { path: ${JSON.stringify(spansFile)} }
service:
  pipelines:
    traces: { receivers: [genai], processors: [batch], exporters: [file] }
`;

/**
 * Runs an example exactly as a user would — `node --import @genai-otel/register <script>`, a real
 * child process — against a mock OpenAI server of its own (`OPENAI_BASE_URL`, `OPENAI_API_KEY`),
 * with a config in a temp dir whose only exporter is a `file`; then reads the spans back.
 * Variables of the developer's shell that would change the run (content capture, SDK disabled,
 * `NODE_OPTIONS`) are removed; `OTEL_SERVICE_NAME` is `example-under-test`.
 */
export async function runExample(options: RunExampleOptions): Promise<ExampleRun> {
  const { dir, script = 'src/app.mjs', env = {}, timeoutMs = 30_000, config: given } = options;
  const tmp = await mkdtemp(join(tmpdir(), 'genai-otel-example-'));
  const llm = await startMockLLMServer();
  const cleanup = async () => {
    await llm.close();
    await rm(tmp, { recursive: true, force: true });
  };
  try {
    const spansFile = join(tmp, given ? given.output : 'spans.jsonl');
    const config = given ? given.path : join(tmp, 'otel.yaml');
    if (!given) await writeFile(config, configYaml(spansFile));
    const run = await runNode(['--import', '@genai-otel/register', script], {
      cwd: typeof dir === 'string' ? dir : fileURLToPath(dir),
      timeoutMs,
      env: {
        GENAI_OTEL_CONFIG: config,
        OPENAI_BASE_URL: `${llm.url}/v1`,
        OPENAI_API_KEY: 'sk-test',
        // The mock's root, for clients that take an endpoint rather than a base URL (AWS SDK).
        MOCK_LLM_URL: llm.url,
        OTEL_SERVICE_NAME: 'example-under-test',
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: undefined,
        OTEL_SDK_DISABLED: undefined,
        NODE_OPTIONS: undefined,
        ...(given ? { GENAI_OTEL_OUT_DIR: tmp } : {}),
        ...env,
      },
    });
    const spans = run.code === 0 ? await readJsonlSpans(spansFile) : [];
    const metrics = run.code === 0 && given ? await readJsonlMetrics(spansFile) : [];
    return { run, spans, metrics, llm, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
