/**
 * Every panel of the shipped Grafana dashboard answers with series from a real app: a RevOps +
 * scheduling service (node:http server, agents, handoffs, retrieval, tools, streams, an unpriced
 * model, a failed call, a 500) run with `--import @genai-otel/register` and the shipped
 * collector-config/business-metrics.yaml as it is, scraped by a real Prometheus. The panels'
 * PromQL is run with Grafana's variables filled in as "All".
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, PACKAGE_DIR } from './support/run-app.js';
import { useServers } from './support/servers.js';
import { until, which } from './support/until.js';

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}
interface Panel {
  title: string;
  targets?: { expr: string }[];
}

const COLLECTOR_CONFIG = join(PACKAGE_DIR, '..', 'collector-config');

describe('the Grafana dashboard over a real app and a real Prometheus', () => {
  const servers = useServers();
  let dir: string;
  let app: ChildProcess;
  let appOut = '';
  let prometheus: ChildProcess;
  let promLog = '';
  let promUrl: string;

  async function query(promql: string): Promise<Sample[]> {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as {
      status: string;
      data: { result: Sample[] };
      error?: string;
    };
    if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
    return body.data.result;
  }

  beforeAll(async () => {
    which('prometheus');
    dir = await mkdtemp(join(tmpdir(), 'genai-otel-dashboard-'));
    const appPort = await freePort();
    app = spawn(
      process.execPath,
      ['--import', '@genai-otel/register', join(FIXTURES, 'dashboard-app.mjs')],
      {
        cwd: PACKAGE_DIR,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          GENAI_OTEL_CONFIG: join(COLLECTOR_CONFIG, 'business-metrics.yaml'),
          GENAI_OTEL_PROMETHEUS_ENDPOINT: `127.0.0.1:${appPort}`,
          GENAI_OTEL_OUT_DIR: dir,
          MOCK_LLM_URL: servers.llm.url,
          OTEL_SERVICE_NAME: 'revops-service',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    app.stdout!.setEncoding('utf8').on('data', (c: string) => (appOut += c));
    app.stderr!.setEncoding('utf8').on('data', (c: string) => (appOut += c));
    await until('the app to serve its requests', 30_000, async () => {
      if (app.exitCode !== null) throw new Error(`app exited: ${appOut}`);
      return /READY \d+/.test(appOut) ? true : undefined;
    });

    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    await writeFile(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s }
scrape_configs:
  - job_name: revops-service
    static_configs: [{ targets: ["127.0.0.1:${appPort}"] }]
`,
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr!.setEncoding('utf8').on('data', (c: string) => (promLog += c));
    await until('Prometheus to be ready', 20_000, async () => {
      if (prometheus.exitCode !== null) throw new Error(`prometheus exited: ${promLog}`);
      return (await fetch(`${promUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined;
    });
    // Two scrapes at least, so every rate() has two points.
    await until('two scrapes', 30_000, async () => {
      const r = await query('min(count_over_time(gen_ai_client_cost_total[1m]))');
      return r.length === 1 && Number(r[0]!.value[1]) >= 2 ? true : undefined;
    });
  }, 90_000);

  afterAll(async () => {
    for (const child of [prometheus, app]) {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('answers every panel’s query with series', async () => {
    const dashboard = JSON.parse(
      await readFile(join(COLLECTOR_CONFIG, 'grafana-dashboard.json'), 'utf8'),
    ) as { panels: Panel[] };
    // A wide rate window: the app made its calls once, before the first scrape.
    const fill = (expr: string) =>
      expr
        .replaceAll('$__rate_interval', '5m')
        .replaceAll('$__range', '5m')
        .replaceAll('$job', '.*')
        .replaceAll('$tenant', '.*');
    const empty: string[] = [];
    let queries = 0;
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        queries++;
        const result = await query(fill(target.expr));
        if (result.length === 0) empty.push(`${panel.title}: ${target.expr}`);
      }
    }
    expect(queries).toBeGreaterThan(30);
    expect(empty).toEqual([]);
  });
});
