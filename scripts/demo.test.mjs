// `npm run demo` end to end (a few seconds): the real script, the four example apps under
// `node --import`, local.yaml's four exporters — the file in a temp dir, OTLP to a test receiver
// standing in for Jaeger, Prometheus on a free port, the console — and what the demo says of them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, readJsonlSpans, runNode, startOtlpReceiver } from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const SERVICES = [
  'openai-chat-demo',
  'rag-support-bot',
  'multi-agent-revops',
  'bedrock-scheduling-agent',
];

describe('scripts/demo.mjs', () => {
  let tmp;
  let jaeger;
  let port;
  let run;
  let lines;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'genai-otel-demo-'));
    jaeger = await startOtlpReceiver();
    port = await freePort();
    run = await runNode([join(root, 'scripts/demo.mjs')], {
      cwd: root,
      timeoutMs: 90_000,
      env: {
        GENAI_OTEL_OUT_DIR: tmp,
        OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.url,
        GENAI_OTEL_PROMETHEUS_ENDPOINT: `127.0.0.1:${port}`,
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: undefined,
        OTEL_SDK_DISABLED: undefined,
        NODE_OPTIONS: undefined,
      },
    });
    lines = run.stdout.split('\n');
  }, 100_000);
  afterAll(async () => {
    await jaeger?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('runs the four apps and exits 0', () => {
    expect(run.code, run.stderr).toBe(0);
    for (const example of [
      'openai-chat',
      'rag-support-bot',
      'multi-agent-revops',
      'bedrock-scheduling-agent',
    ]) {
      expect(lines).toContain(
        `▶ running examples/${example} with node --import @genai-otel/register`,
      );
    }
    // The debug exporter's span lines, one batch header per app at least.
    for (const service of SERVICES) expect(run.stderr).toContain(`service ${service}`);
  });

  it('says how many spans the file got, and the file holds them, without content', async () => {
    const spansFile = join(tmp, 'spans.jsonl');
    const spans = await readJsonlSpans(spansFile);
    expect(spans.length).toBeGreaterThan(6);
    expect(lines).toContain(`✔ ${spans.length} spans written to ${spansFile}`);
    expect(new Set(spans.map((s) => s.resource['service.name']))).toEqual(new Set(SERVICES));
    expect(spans.filter((s) => s.attributes['gen_ai.input.messages'] !== undefined)).toEqual([]);
    expect(lines).toContain(
      '  content: not recorded (the default); OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true npm run demo records prompts and answers',
    );
  });

  it('sent the same spans over OTLP and says so', async () => {
    const fileCount = (await readJsonlSpans(join(tmp, 'spans.jsonl'))).length;
    const received = await jaeger.waitForSpans(fileCount);
    expect(received.length).toBe(fileCount);
    expect(lines.at(-2)).toBe(
      `✔ also sent by OTLP/HTTP to ${jaeger.url}: open Jaeger at http://localhost:16686 (services ${SERVICES.join(', ')})`,
    );
  });

  it('wrote the metrics as CloudWatch EMF too, the Bedrock models’ tokens among them', async () => {
    const file = join(tmp, 'emf.jsonl');
    const emf = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const bedrock = emf.filter(
      (l) => l['gen_ai.provider.name'] === 'aws.bedrock' && l['gen_ai.client.token.usage'],
    );
    const models = [...new Set(bedrock.map((l) => l['gen_ai.request.model']))].sort();
    expect(models.length).toBeGreaterThan(0);
    for (const l of bedrock) expect(l._aws.CloudWatchMetrics[0].Namespace).toBe('GenAI');
    expect(lines).toContain(
      `  EMF: ${emf.length} CloudWatch embedded-metric lines in ${file} (namespace GenAI; Bedrock models with token usage: ${models.join(', ')})`,
    );
  });

  it('scraped the metrics from the prometheus endpoint the config gave the apps', () => {
    const at = lines.findIndex((l) => l.startsWith('  metrics: '));
    expect(lines[at]).toBe(
      `  metrics: scraped http://127.0.0.1:${port}/metrics while each app ran (genai_metrics → prometheus); metrics of ${SERVICES.join(', ')}:`,
    );
    expect(lines[at + 1]?.trim().split(', ')).toEqual(
      expect.arrayContaining([
        'gen_ai_client_token_usage',
        'gen_ai_client_operation_duration',
        'gen_ai_client_cost_total',
        'gen_ai_agent_handoffs_total',
      ]),
    );
  });
});
