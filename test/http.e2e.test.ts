/**
 * HTTP in and out, as users run it: a chatbot API (node:http and Express) under
 * `node --import @genai-otel/register` calls the model and a second instrumented service. The
 * request span is the root of the LLM spans (or continues a caller's trace), the second service
 * continues the trace (W3C traceparent) and receives the caller's W3C baggage, health checks and
 * genai-otel's own exports and scrapes are never traced, and the HTTP RED metrics reach the
 * Prometheus endpoint, the metrics file and EMF.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, readJsonlMetrics, readJsonlSpans } from '@genai-otel/test-utils';
import { SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrometheus } from './support/prometheus.js';
import { FIXTURES, PACKAGE_DIR, useTempDirs, writeConfig } from './support/run-app.js';
import { useServers } from './support/servers.js';
import { until } from './support/until.js';

interface Service {
  child: ChildProcess;
  ports: number[];
  stderr: () => string;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

/** Starts a fixture under --import and waits for its `LISTENING <ports…>` line. */
async function start(fixture: string, env: Record<string, string>): Promise<Service> {
  const child = spawn(
    process.execPath,
    ['--import', '@genai-otel/register', join(FIXTURES, fixture)],
    {
      cwd: PACKAGE_DIR,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const ports = await new Promise<number[]>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const m = /LISTENING ([\d ]+)\n/.exec(stdout);
      if (m) resolve(m[1]!.trim().split(' ').map(Number));
    });
    child.once('exit', (code) => reject(new Error(`${fixture} exited (${code}): ${stderr}`)));
  });
  return { child, ports, stderr: () => stderr };
}

async function stop(service: Service): Promise<void> {
  const exited = once(service.child, 'exit');
  service.child.kill('SIGTERM');
  await exited;
}

/**
 * Service A lists only /healthz as ignored (the default list has /metrics too): the Prometheus
 * scrape is left alone because its server is genai-otel's own, not because of its path. Its
 * metrics also go to EMF (a file, as the awsemf exporter writes for the CloudWatch agent).
 */
const config = (file: string, otlp: string, prometheus: string, emf?: string) => `receivers:
  genai: ${emf ? '{ http: { ignore_incoming_paths: ["/healthz"] } }' : '{}'}
processors:
  genai_cost: {}
  batch: { timeout: 100ms }
connectors:
  genai_metrics: {}
exporters:
  file: { path: ${JSON.stringify(file)} }
  otlp_http: { endpoint: ${JSON.stringify(otlp)}, encoding: json }
  prometheus: { endpoint: ${JSON.stringify(prometheus)} }
${emf ? `  awsemf: { output_destination: file, path: ${JSON.stringify(emf)}, namespace: ChatApi }\n` : ''}service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_cost, batch], exporters: [file, otlp_http, genai_metrics] }
    metrics: { receivers: [genai, genai_metrics], exporters: [file, prometheus${emf ? ', awsemf' : ''}] }
`;

/** A caller outside both services: its trace and its baggage. */
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('HTTP servers and clients under --import @genai-otel/register', () => {
  const servers = useServers();
  const tempDir = useTempDirs();

  it('request spans parent the LLM spans, the trace crosses processes, RED metrics are served', async () => {
    const dir = await tempDir();
    const fileA = join(dir, 'a.jsonl');
    const fileB = join(dir, 'b.jsonl');
    const emfA = join(dir, 'a-emf.jsonl');
    const promA = `127.0.0.1:${await freePort()}`;
    const b = await start('http-service-b.mjs', {
      GENAI_OTEL_CONFIG: await writeConfig(
        dir,
        config(fileB, servers.otlp.url, `127.0.0.1:${await freePort()}`),
        'b.yaml',
      ),
      OTEL_SERVICE_NAME: 'service-b',
    });
    const a = await start('http-app.mjs', {
      GENAI_OTEL_CONFIG: await writeConfig(
        dir,
        config(fileA, servers.otlp.url, promA, emfA),
        'a.yaml',
      ),
      OTEL_SERVICE_NAME: 'chat-api',
      MOCK_LLM_URL: servers.llm.url,
      SERVICE_B_URL: `http://127.0.0.1:${b.ports[0]}`,
    });
    const [plainPort, expressPort] = a.ports;

    // The first chat comes from a traced caller with baggage; the second from an untraced one.
    const fromCaller = await fetch(`http://127.0.0.1:${plainPort}/chat`, {
      method: 'POST',
      headers: {
        traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`,
        baggage: 'tenant.id=acme,conversation.id=c-7',
      },
    });
    expect(fromCaller.status).toBe(200);
    // The caller's baggage reached service B through A (in, then out again).
    expect(((await fromCaller.json()) as { baggage: string }).baggage).toBe(
      'tenant.id=acme,conversation.id=c-7',
    );
    const untraced = await fetch(`http://127.0.0.1:${plainPort}/chat`, { method: 'POST' });
    expect(untraced.status).toBe(200);
    expect(((await untraced.json()) as { baggage: unknown }).baggage).toBeNull();
    expect((await fetch(`http://127.0.0.1:${plainPort}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${expressPort}/assist/42`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${expressPort}/assist/boom`)).status).toBe(500);
    const scrape = await (await fetch(`http://${promA}/metrics`)).text();
    // A real Prometheus scrapes A too: the RED series as PromQL sees them.
    const prometheus = await startPrometheus(dir, { job: 'chat-api', targets: [promA] });
    try {
      const sum = async (promql: string) =>
        Number((await prometheus.query(promql))[0]?.value[1] ?? Number.NaN);
      await until('a scrape with every request', 20_000, async () =>
        (await sum('sum(http_server_request_duration_count{job="chat-api"})')) === 4
          ? true
          : undefined,
      );
      expect(
        await sum('sum(http_server_request_duration_count{job="chat-api",error_type="500"})'),
      ).toBe(1);
      expect(await sum('sum(http_client_request_duration_count{job="chat-api"})')).toBe(3);
    } finally {
      await prometheus.stop();
    }

    await stop(a);
    await stop(b);
    expect(a.stderr()).toBe('');
    expect(b.stderr()).toBe('');

    const spansA = await readJsonlSpans(fileA);
    const spansB = await readJsonlSpans(fileB);
    const servedA = spansA.filter((s) => s.kind === SpanKind.SERVER);
    // Two POST /chat, two Express requests; no /healthz, no /metrics scrape.
    expect(
      servedA
        .map(
          (s) =>
            `${s.attributes['http.request.method']} ${s.attributes['url.path']} ${s.attributes['http.response.status_code']}`,
        )
        .sort(),
    ).toEqual(['GET /assist/42 200', 'GET /assist/boom 500', 'POST /chat 200', 'POST /chat 200']);
    // The traced caller's request continues its trace; every other request starts one.
    const continuedCaller = servedA.filter((s) => s.traceId === CALLER_TRACE);
    expect(continuedCaller.map((s) => [s.attributes['url.path'], s.parentSpanId])).toEqual([
      ['/chat', CALLER_SPAN],
    ]);
    for (const served of servedA) {
      if (served.traceId !== CALLER_TRACE) expect(served.parentSpanId).toBeUndefined();
      if (served.attributes['url.path'] === '/assist/boom') continue;
      const children = spansA.filter((s) => s.parentSpanId === served.spanId);
      // The LLM call and the call to service B, both under the request; the SDK's own HTTP
      // request is not repeated under the chat span.
      expect(children.map((s) => s.name).sort()).toEqual(['GET', 'chat gpt-4o-mini']);
      const chat = children.find((s) => s.name === 'chat gpt-4o-mini')!;
      expect(spansA.filter((s) => s.parentSpanId === chat.spanId)).toEqual([]);
      expect(chat.attributes['gen_ai.usage.cost.amount']).toBeGreaterThan(0);
      // Service B's request span continues the trace under A's client span.
      const call = children.find((s) => s.name === 'GET')!;
      const continued = spansB.filter((s) => s.parentSpanId === call.spanId);
      expect(continued).toHaveLength(1);
      expect(continued[0]).toMatchObject({
        traceId: served.traceId,
        kind: SpanKind.SERVER,
        name: 'GET',
      });
    }
    // Every span of both services is one of these: nothing from the exporters' own requests.
    expect(spansA).toHaveLength(4 + 3 * 2 + 0);
    expect(spansB).toHaveLength(3);
    expect(servers.otlp.spans().length).toBe(spansA.length + spansB.length);

    // RED: the request rate and latency by status, as served to Prometheus (the exporter adds no
    // unit suffix) and written to the file; no /healthz, no /metrics scrape among them.
    const count = (metric: string, label: string) =>
      [...scrape.matchAll(new RegExp(`^${metric}_count\\{([^}]*)\\} (\\d+)$`, 'gm'))]
        .filter((m) => m[1]!.includes(label))
        .reduce((n, m) => n + Number(m[2]), 0);
    expect(count('http_server_request_duration', 'http_response_status_code="200"')).toBe(3);
    expect(count('http_server_request_duration', 'http_response_status_code="500"')).toBe(1);
    expect(count('http_server_request_duration', 'error_type="500"')).toBe(1);
    // The calls to service B only: an LLM SDK's requests are measured by the LLM metrics.
    expect(count('http_client_request_duration', `server_port="${b.ports[0]}"`)).toBe(3);
    expect(count('http_client_request_duration', '')).toBe(3);
    const metrics = await readJsonlMetrics(fileA);
    const served = metrics.filter((m) => m.name === 'http.server.request.duration').at(-1)!;
    expect(served.unit).toBe('s');
    expect(served.dataPoints.reduce((n, p) => n + (p.count ?? 0), 0)).toBe(4);
    // And to EMF (delta: the counts of every event add up to the requests).
    const emf = (await readFile(emfA, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, { Count?: number } | string>);
    const emfCount = (metric: string) =>
      emf.reduce((n, e) => n + ((e[metric] as { Count?: number } | undefined)?.Count ?? 0), 0);
    expect(emfCount('http.server.request.duration')).toBe(4);
    expect(emfCount('http.client.request.duration')).toBe(3);
    expect(
      emf.filter((e) => 'http.client.request.duration' in e).map((e) => e['server.port']),
    ).toEqual(expect.arrayContaining([String(b.ports[0])]));
  });
});
