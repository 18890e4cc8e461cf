/**
 * Received metrics end to end: the official OTLP metric exporters (protobuf, JSON, gRPC; cumulative
 * and delta) in child processes sending a counter and a histogram to a collector child process
 * whose metrics pipeline is `otlp` → `prometheus` (pull) and `otlp_http` (push, to the test
 * receiver); the scrape and the pushed points show the exact figures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, runNode, startOtlpReceiver } from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
let collector: ChildProcess;
let out = '';
let http = '';
let grpc = '';
let prometheus = '';
let downstream: Awaited<ReturnType<typeof startOtlpReceiver>>;

beforeAll(async () => {
  downstream = await startOtlpReceiver();
  const [h, g, p] = [await freePort(), await freePort(), await freePort()];
  http = `http://127.0.0.1:${h}`;
  grpc = `http://127.0.0.1:${g}`;
  prometheus = `http://127.0.0.1:${p}/metrics`;
  const dir = mkdtempSync(join(tmpdir(), 'otlp-metrics-collector-'));
  const config = join(dir, 'collector.yaml');
  writeFileSync(
    config,
    `receivers:
  otlp:
    protocols:
      http: { endpoint: "127.0.0.1:${h}" }
      grpc: { endpoint: "127.0.0.1:${g}" }
exporters:
  prometheus: { endpoint: "127.0.0.1:${p}" }
  otlp_http/downstream: { endpoint: "${downstream.url}" }
service:
  pipelines:
    metrics: { receivers: [otlp], exporters: [prometheus, otlp_http/downstream] }
`,
  );
  collector = spawn(process.execPath, [join(here, 'fixtures/collector.mjs')], {
    env: { ...process.env, CONFIG: config, OTEL_METRIC_EXPORT_INTERVAL: '300' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  collector.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  collector.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const end = Date.now() + 15_000;
  while (!out.includes('ready')) {
    if (Date.now() > end) throw new Error(`collector did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}, 30_000);

afterAll(async () => {
  collector?.kill('SIGKILL');
  await downstream?.close();
});

const SENDS = [
  ['proto', 'cumulative'],
  ['json', 'delta'],
  ['grpc', 'cumulative'],
  ['grpc', 'delta'],
] as const;

/** The value of the one sample of `name` whose labels include every one of `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const lines = text
    .split('\n')
    .filter(
      (l) =>
        l.startsWith(`${name}{`) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  expect(lines, `${name} ${JSON.stringify(labels)} in\n${text}`).toHaveLength(1);
  return Number(lines[0]!.slice(lines[0]!.lastIndexOf(' ') + 1));
}

describe('received metrics (official OTLP metric exporters → otlp receiver → prometheus)', () => {
  it('exposes the counter and histogram of every client exactly, delta points added up', async () => {
    const results = await Promise.all(
      SENDS.map(([protocol, temporality]) =>
        runNode([join(here, 'fixtures/otlp-metrics-client.mjs')], {
          env: {
            PROTOCOL: protocol,
            TEMPORALITY: temporality,
            URL: protocol === 'grpc' ? grpc : `${http}/v1/metrics`,
          },
          timeoutMs: 20_000,
        }),
      ),
    );
    for (const r of results) expect(r.stdout + r.stderr).toContain('sent');
    const text = await (await fetch(prometheus)).text();
    for (const [protocol, temporality] of SENDS) {
      const labels = { protocol, temporality };
      expect(sample(text, 'received_calls_total', { ...labels, job: `py-${protocol}` })).toBe(10);
      expect(sample(text, 'received_latency_count', labels)).toBe(3);
      expect(sample(text, 'received_latency_sum', labels)).toBe(37.5);
      const bucket = (le: string) => sample(text, 'received_latency_bucket', { ...labels, le });
      expect([
        bucket('0'),
        bucket('5'),
        bucket('10'),
        bucket('25'),
        bucket('50'),
        bucket('+Inf'),
      ]).toEqual([0, 1, 2, 2, 3, 3]);
    }
    expect(out).not.toMatch(/passes on only traces/);

    // Pushed by otlp_http (cumulative, its default): the latest point of each stream. A push may
    // have been collected before the last client's request: forget what came so far and use
    // pushes collected after that (the reader exports one at a time, so the second from now is).
    downstream.reset();
    const end = Date.now() + 10_000;
    const latest = (name: string) => {
      const points = new Map<
        string,
        {
          value?: number;
          count?: number;
          sum?: number;
          bucketCounts?: number[];
          temporality?: number;
          service?: unknown;
        }
      >();
      for (const m of downstream.metrics())
        if (m.name === name)
          for (const d of m.dataPoints)
            points.set(`${d.attributes.protocol}/${d.attributes.temporality}`, {
              ...d,
              temporality: m.aggregationTemporality,
              service: m.resource['service.name'],
            });
      return points;
    };
    while (
      (downstream.requests.length < 2 || latest('received_latency').size < SENDS.length) &&
      Date.now() < end
    )
      await new Promise((r) => setTimeout(r, 50));
    const calls = latest('received_calls');
    const hist = latest('received_latency');
    for (const [protocol, temporality] of SENDS) {
      const key = `${protocol}/${temporality}`;
      // Under the resource each client sent, not the collector's.
      expect(calls.get(key), key).toMatchObject({
        value: 10,
        temporality: 2,
        service: `py-${protocol}`,
      });
      expect(hist.get(key), key).toMatchObject({
        count: 3,
        sum: 37.5,
        bucketCounts: [0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        temporality: 2,
      });
    }
  }, 60_000);

  it('refuses summaries as partial success and takes the rest of the request', async () => {
    const res = await fetch(`${http}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                scope: { name: 'raw' },
                metrics: [
                  {
                    name: 'raw_summary',
                    summary: { dataPoints: [{ count: '1', sum: 2, timeUnixNano: '1' }] },
                  },
                  {
                    name: 'raw_gauge',
                    gauge: { dataPoints: [{ asDouble: 4.25, timeUnixNano: '1' }] },
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedDataPoints: '1',
        errorMessage: '1 data point(s) refused: summary metrics are not passed on (raw_summary)',
      },
    });
    const text = await (await fetch(prometheus)).text();
    expect(text).toMatch(/^raw_gauge(\{[^}]*\})? 4\.25$/m);
  });

  it("keeps each sender's resource: same metric and attributes from two services stay two streams", async () => {
    const gauge = (value: number) => ({
      name: 'shared_queue_depth',
      gauge: { dataPoints: [{ asDouble: value, timeUnixNano: '1', attributes: [] }] },
    });
    const service = (attributes: Record<string, string>, value: number) => ({
      resource: {
        attributes: Object.entries(attributes).map(([key, v]) => ({
          key,
          value: { stringValue: v },
        })),
      },
      scopeMetrics: [{ scope: { name: 'worker' }, metrics: [gauge(value)] }],
    });
    downstream.reset();
    const res = await fetch(`${http}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceMetrics: [
          service(
            {
              'service.name': 'billing-py',
              'service.namespace': 'revops',
              'service.instance.id': 'pod-7',
            },
            3,
          ),
          service({ 'service.name': 'support-py' }, 5),
        ],
      }),
    });
    expect(res.status).toBe(200);
    // Prometheus: one resource per scrape, so each sender's identity becomes job / instance.
    const text = await (await fetch(prometheus)).text();
    expect(
      sample(text, 'shared_queue_depth', { job: 'revops/billing-py', instance: 'pod-7' }),
    ).toBe(3);
    expect(sample(text, 'shared_queue_depth', { job: 'support-py' })).toBe(5);
    // Pushed: each point under its sender's whole resource, as sent.
    const end = Date.now() + 10_000;
    const pushed = () => downstream.metrics().filter((m) => m.name === 'shared_queue_depth');
    while (pushed().length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const byService = new Map(
      pushed().map((m) => [
        m.resource['service.name'],
        { resource: m.resource, points: m.dataPoints },
      ]),
    );
    expect(byService.get('billing-py')).toMatchObject({
      resource: { 'service.namespace': 'revops', 'service.instance.id': 'pod-7' },
      points: [{ value: 3, attributes: {} }],
    });
    expect(byService.get('support-py')).toMatchObject({ points: [{ value: 5, attributes: {} }] });
    expect(byService.get('support-py')!.resource).not.toHaveProperty('service.namespace');
  });
});
