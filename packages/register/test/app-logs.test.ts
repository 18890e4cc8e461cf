/**
 * The app's own logs, as a user gets them: real pino and winston in apps with no telemetry code,
 * run under `node --import @genai-otel/register` with a logs pipeline on the `genai` receiver.
 * The official pino/winston instrumentations stamp the active span's ids on the app's lines and
 * send each record, carrying the same ids, through the logs pipeline to the file exporter.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FlatLogRecord, readJsonlLogs, runNode } from '@genai-otel/test-utils';
import { SeverityNumber } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genai-otel-app-logs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface AppRun {
  ids: { traceId: string; spanId: string };
  stdout: string[];
  records: FlatLogRecord[];
}

/** Runs one fixture app under --import with a logs pipeline to a file; returns what it logged. */
async function runApp(app: string): Promise<AppRun> {
  const out = join(dir, `${app}.jsonl`);
  const config = join(dir, `${app}.yaml`);
  await writeFile(
    config,
    `receivers: { genai: { instrumentations: [] } }
processors: { batch: { timeout: 30s } }   # nothing leaves before the exit flush
exporters: { file: { path: ${JSON.stringify(out)} } }
service:
  pipelines:
    logs: { receivers: [genai], processors: [batch], exporters: [file] }
`,
  );
  const run = await runNode(['--import', '@genai-otel/register', fixture(app)], {
    cwd: PACKAGE_DIR,
    env: { GENAI_OTEL_CONFIG: config, OTEL_SERVICE_NAME: `logs-${app}` },
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  const idsLine = lines.find((l) => l.startsWith('ids '));
  expect(idsLine).toBeDefined();
  return {
    ids: JSON.parse(idsLine!.slice(4)),
    stdout: lines.filter((l) => l !== idsLine),
    records: await readJsonlLogs(out),
  };
}

// Child processes on a loaded CI: the bound is generous, the children take a second or two each.
describe.concurrent('the app’s pino and winston records in the logs pipeline', {
  timeout: 30_000,
}, () => {
  it('pino (ESM): the record in the span carries its trace and span ids, the one after none', async () => {
    const { ids, stdout, records } = await runApp('pino-app.mjs');
    // Correlation on the app's own line too.
    expect(JSON.parse(stdout[0]!)).toMatchObject({
      msg: 'order placed',
      trace_id: ids.traceId,
      span_id: ids.spanId,
    });
    expect(records).toHaveLength(2);
    const [inSpan, after] = records;
    expect(inSpan).toMatchObject({
      body: 'order placed',
      traceId: ids.traceId,
      spanId: ids.spanId,
      severityNumber: SeverityNumber.INFO,
      severityText: 'info',
      attributes: { order: 42 },
      scope: { name: '@opentelemetry/instrumentation-pino' },
    });
    expect(inSpan!.resource['service.name']).toBe('logs-pino-app.mjs');
    expect(after).toMatchObject({
      body: 'outside any span',
      traceId: '',
      spanId: '',
      severityNumber: SeverityNumber.WARN,
    });
  });

  for (const app of ['winston-app.cjs', 'winston-app.mjs']) {
    it(`winston (${app.endsWith('.cjs') ? 'CommonJS' : 'ESM'}): the record carries the active span’s ids`, async () => {
      const { ids, stdout, records } = await runApp(app);
      expect(JSON.parse(stdout[0]!)).toMatchObject({
        message: 'order placed',
        trace_id: ids.traceId,
        span_id: ids.spanId,
      });
      expect(records).toHaveLength(2);
      const [inSpan, after] = records;
      expect(inSpan).toMatchObject({
        body: 'order placed',
        traceId: ids.traceId,
        spanId: ids.spanId,
        severityNumber: SeverityNumber.INFO,
        severityText: 'info',
        attributes: { order: 42 },
        scope: { name: '@opentelemetry/winston-transport' },
      });
      expect(inSpan!.resource['service.name']).toBe(`logs-${app}`);
      expect(after).toMatchObject({ body: 'outside any span', traceId: '', severityText: 'warn' });
    });
  }
});
