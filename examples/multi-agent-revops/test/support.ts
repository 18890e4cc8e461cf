/**
 * Runs the example exactly as a user would — `node --import @genai-otel/register src/app.mjs`, a
 * real child process — with a config whose only exporter is a `file` in a temp dir, against a
 * mock OpenAI server the test owns; then reads the spans back.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { type FlatSpan, type RunNodeResult, readJsonlSpans, runNode } from '@genai-otel/test-utils';

export const EXAMPLE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

export interface ExampleRun {
  run: RunNodeResult;
  spans: FlatSpan[];
  llm: MockLLMServer;
  cleanup(): Promise<void>;
}

/** `env` is added to the child's environment (e.g. to switch content capture on). */
export async function runExample(env: Record<string, string> = {}): Promise<ExampleRun> {
  const dir = await mkdtemp(join(tmpdir(), 'genai-otel-example-'));
  const llm = await startMockLLMServer();
  const file = join(dir, 'spans.jsonl');
  const config = join(dir, 'otel.yaml');
  await writeFile(
    config,
    `receivers:
  genai: {}
processors:
  batch: { timeout: 200ms }
exporters:
  file: { path: ${JSON.stringify(file)} }
service:
  pipelines:
    traces: { receivers: [genai], processors: [batch], exporters: [file] }
`,
  );
  const run = await runNode(['--import', '@genai-otel/register', 'src/app.mjs'], {
    cwd: EXAMPLE_DIR,
    timeoutMs: 30_000,
    env: {
      GENAI_OTEL_CONFIG: config,
      OPENAI_BASE_URL: `${llm.url}/v1`,
      OPENAI_API_KEY: 'sk-test',
      OTEL_SERVICE_NAME: 'example-under-test',
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: undefined,
      OTEL_SDK_DISABLED: undefined,
      NODE_OPTIONS: undefined,
      ...env,
    },
  });
  const spans = run.code === 0 ? await readJsonlSpans(file) : [];
  return {
    run,
    spans,
    llm,
    async cleanup() {
      await llm.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A trace as indented lines, children in start order: checks names and parent/child links at
 * once. The SDK stamps starts to the millisecond (and ends relative to that), so siblings run one
 * after the other within one millisecond tie: they are then taken in the order they ended, which
 * is the order of `spans` (the exporter's order). `label` adds a detail to a line (an attribute that tells siblings apart).
 */
export function tree(
  spans: readonly FlatSpan[],
  rootId: string,
  label: (span: FlatSpan) => string = () => '',
): string[] {
  const lines: string[] = [];
  const position = new Map(spans.map((s, i) => [s, i]));
  const walk = (parentId: string, depth: number) => {
    const children = spans
      .filter((s) => s.parentSpanId === parentId)
      .sort(
        (a, b) =>
          compareNanos(a.startTimeUnixNano, b.startTimeUnixNano) ||
          position.get(a)! - position.get(b)!,
      );
    for (const child of children) {
      lines.push(`${'  '.repeat(depth)}${child.name}${label(child)}`);
      walk(child.spanId, depth + 1);
    }
  };
  const root = spans.find((s) => s.spanId === rootId);
  if (!root) throw new Error(`no span ${rootId}`);
  lines.push(`${root.name}${label(root)}`);
  walk(rootId, 1);
  return lines;
}

function compareNanos(a: string, b: string): number {
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** The spans of one trace. */
export function traceOf(spans: readonly FlatSpan[], traceId: string): FlatSpan[] {
  return spans.filter((s) => s.traceId === traceId);
}
