/**
 * The shipped CloudWatch dashboard and alarms over a real app: the RevOps + scheduling service of
 * the Grafana dashboard's test (node:http server, agents, handoffs, retrieval, tools, streams, an
 * unpriced model, a failed call, a 500) run with `--import @genai-otel/register` and the shipped
 * collector-config/cloudwatch.yaml as it is, its EMF lines on stdout as on Lambda. Every metric,
 * dimension set and statistic the dashboard and the CloudFormation alarms read must be among what
 * those lines make CloudWatch create, and the RED row and cost per conversation must add up.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ATTR_SERVICE_NAME,
  ATTR_TENANT_ID,
  METRIC_GEN_AI_CLIENT_COST,
} from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { resolveTemplate } from '../packages/exporter-cloudwatch-emf/test/support/cloudformation.js';
import {
  alarmReferences,
  dashboardReferences,
} from '../packages/exporter-cloudwatch-emf/test/support/cloudwatch-references.js';
import {
  catalogOf,
  unresolved,
} from '../packages/exporter-cloudwatch-emf/test/support/emitted-catalog.js';
import { FIXTURES, PACKAGE_DIR } from './support/run-app.js';
import { useServers } from './support/servers.js';
import { until } from './support/until.js';

const COLLECTOR_CONFIG = join(PACKAGE_DIR, '..', 'collector-config');
const SERVICE = 'revops-service';
const COST = METRIC_GEN_AI_CLIENT_COST.name;

interface EmfDoc {
  _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [field: string]: unknown;
}
interface Distribution {
  Count: number;
  Sum: number;
  Min: number;
  Max: number;
}

describe('the CloudWatch dashboard and alarms over a real app', () => {
  const servers = useServers();

  /** The app's EMF lines: it serves its requests, then is stopped as a platform stops it. */
  async function runApp(): Promise<string[]> {
    const app = spawn(
      process.execPath,
      ['--import', '@genai-otel/register', join(FIXTURES, 'dashboard-app.mjs')],
      {
        cwd: PACKAGE_DIR,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          GENAI_OTEL_CONFIG: join(COLLECTOR_CONFIG, 'cloudwatch.yaml'),
          GENAI_OTEL_EMF_OUTPUT: 'stdout',
          MOCK_LLM_URL: servers.llm.url,
          OTEL_SERVICE_NAME: SERVICE,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    app.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
    app.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
    await until('the app to serve its requests', 30_000, async () => {
      if (app.exitCode !== null) throw new Error(`app exited: ${out}${err}`);
      return /READY \d+/.test(out) ? true : undefined;
    });
    const exited = once(app, 'exit');
    app.kill('SIGTERM');
    await exited;
    // The one line the app is owed: its in-house model has no price.
    expect(err.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^genai-otel: processor genai_cost: no price for model "acme-internal-llm"/,
      ),
    ]);
    return out.split('\n').filter((line) => line.startsWith('{'));
  }

  it('emits what every dashboard widget and alarm reads; the RED row and cost per conversation add up', async () => {
    const lines = await runApp();
    const metrics = catalogOf(lines);

    const dashboard = JSON.parse(
      await readFile(join(COLLECTOR_CONFIG, 'cloudwatch-dashboard.json'), 'utf8'),
    );
    const widgetRefs = dashboardReferences(dashboard);
    expect(widgetRefs.length).toBeGreaterThan(40);
    expect(unresolved(widgetRefs, metrics)).toEqual([]);

    const template = JSON.parse(
      await readFile(join(COLLECTOR_CONFIG, 'cloudwatch-alarms.cfn.json'), 'utf8'),
    );
    const stack = resolveTemplate(template, { ServiceName: SERVICE });
    const alarms = Object.values(stack)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties);
    expect(unresolved(alarmReferences(alarms), metrics)).toEqual([]);

    // The values, summed over the lines (one per metric and dimension set at each export).
    const docs = lines.map((l) => JSON.parse(l) as EmfDoc);
    const at = (metric: string, dims: string[]) =>
      docs.filter(
        (d) =>
          d[metric] !== undefined &&
          d._aws.CloudWatchMetrics.some(
            (m) =>
              m.Metrics.some((x) => x.Name === metric) &&
              m.Dimensions.some((s) => [...s].sort().join() === [...dims].sort().join()),
          ),
      );
    const sum = (metric: string) =>
      at(metric, [ATTR_SERVICE_NAME]).reduce((n, d) => n + (d[metric] as number), 0);
    const dist = (metric: string) =>
      at(metric, [ATTR_SERVICE_NAME]).reduce(
        (t, d) => {
          const v = d[metric] as Distribution;
          return { count: t.count + v.Count, sum: t.sum + v.Sum };
        },
        { count: 0, sum: 0 },
      );
    for (const d of docs) expect(d[ATTR_SERVICE_NAME]).toBe(SERVICE);

    // Five requests served (four assessments, one scheduling), the fourth answered with a 500.
    // The app's own fetch calls are client spans: not requests served.
    expect(dist('http.server.request.duration').count).toBe(5);
    expect(sum('http.server.request.errors')).toBe(1);
    // Conversations c-1 (two turns), c-2, c-3 and c-4.
    expect(sum('genai.conversations')).toBe(4);
    // Every priced call lands in exactly one request's roll-up: per-request costs add up to the
    // spend genai_metrics counted call by call.
    const spend = sum(COST);
    expect(spend).toBeGreaterThan(0);
    const perRequest = dist('genai.request.cost');
    expect(perRequest.count).toBeGreaterThanOrEqual(5);
    expect(perRequest.sum).toBeCloseTo(spend, 9);
    // Spend by tenant: acme's and globex's conversations, adding up to the whole spend.
    const byTenant = new Map<string, number>();
    for (const d of at(COST, [ATTR_SERVICE_NAME, ATTR_TENANT_ID])) {
      const tenant = d[ATTR_TENANT_ID] as string;
      byTenant.set(tenant, (byTenant.get(tenant) ?? 0) + (d[COST] as number));
    }
    expect([...byTenant.keys()].sort()).toEqual(['acme', 'globex']);
    expect(byTenant.get('acme')! + byTenant.get('globex')!).toBeCloseTo(spend, 9);
    // The dashboard's "Average cost per conversation": cost / conversations.
    expect(perRequest.sum / sum('genai.conversations')).toBeCloseTo(spend / 4, 9);
  }, 60_000);
});
