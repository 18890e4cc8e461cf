/**
 * The metrics promise, end to end with a REAL Prometheus (Debian's package, installed by
 * scripts/ensure-prometheus.sh): an unmodified app run with `--import @genai-otel/register` and a
 * config with genai_cost + genai_metrics + the prometheus exporter is scraped by Prometheus, and
 * PromQL over its HTTP API gives exactly the tokens and cost its spans carry.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { type FlatSpan, freePort, readJsonlSpans } from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPrometheus, startPrometheus } from './support/prometheus.js';
import { FIXTURES, PACKAGE_DIR } from './support/run-app.js';
import { useServers } from './support/servers.js';
import { until, which } from './support/until.js';

const COLLECTOR_CONFIG = join(PACKAGE_DIR, '..', 'collector-config');
const ALERTS = join(COLLECTOR_CONFIG, 'prometheus-alerts.yaml');
const DASHBOARD = join(COLLECTOR_CONFIG, 'grafana-dashboard.json');

describe('Prometheus scraping an app run with --import @genai-otel/register', () => {
  const servers = useServers();
  let dir: string;
  let app: ChildProcess;
  let appStdout = '';
  let appStderr = '';
  let prometheus: RunningPrometheus;
  let metricsUrl: string;
  let spansFile: string;
  let calls: number;

  const query = (promql: string) => prometheus.query(promql);

  beforeAll(async () => {
    which('prometheus');
    which('promtool');
    dir = await mkdtemp(join(tmpdir(), 'genai-otel-prom-'));
    spansFile = join(dir, 'spans.jsonl');
    const appPort = await freePort();
    metricsUrl = `http://127.0.0.1:${appPort}/metrics`;
    const config = join(dir, 'otel.yaml');
    await writeFile(
      config,
      `receivers:
  genai: {}
processors:
  genai_cost: {}
  batch: { timeout: 200ms }
connectors:
  genai_metrics: {}
exporters:
  file: { path: ${JSON.stringify(spansFile)} }
  prometheus: { endpoint: "127.0.0.1:${appPort}" }
service:
  pipelines:
    traces:
      receivers: [genai]
      processors: [genai_cost, batch]
      exporters: [file, genai_metrics]
    metrics:
      receivers: [genai_metrics]
      exporters: [prometheus]
`,
    );
    app = spawn(
      process.execPath,
      ['--import', '@genai-otel/register', join(FIXTURES, 'metrics-app.mjs')],
      {
        cwd: PACKAGE_DIR,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          GENAI_OTEL_CONFIG: config,
          MOCK_LLM_URL: servers.llm.url,
          OTEL_SERVICE_NAME: 'metrics-app',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    app.stdout!.setEncoding('utf8').on('data', (c: string) => {
      appStdout += c;
    });
    app.stderr!.setEncoding('utf8').on('data', (c: string) => {
      appStderr += c;
    });
    calls = await until('the app to finish its calls', 20_000, async () => {
      const m = /READY (\d+)/.exec(appStdout);
      if (app.exitCode !== null) throw new Error(`app exited: ${appStderr}`);
      return m ? Number(m[1]) : undefined;
    });

    prometheus = await startPrometheus(dir, {
      job: 'genai-app',
      targets: [`127.0.0.1:${appPort}`],
      ruleFiles: [ALERTS],
    });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    for (const child of [app]) {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('answers PromQL with the tokens and cost the spans carry, and quantiles of the duration', async () => {
    // One scrape after READY has every call: the connector records when a span ends.
    await until('a scrape with every call', 20_000, async () => {
      const r = await query('sum(gen_ai_client_operation_duration_count{job="genai-app"})');
      return r.length === 1 && Number(r[0]!.value[1]) >= calls + 1 ? true : undefined;
    }).catch(async (error) => {
      const targets = await (await fetch(`${prometheus.url}/api/v1/targets`)).text();
      const exposition = await (await fetch(metricsUrl)).text().catch(String);
      const got = JSON.stringify(
        await query('gen_ai_client_operation_duration_count').catch(String),
      );
      throw new Error(
        `${error}\ngot: ${got} calls=${calls}\ntargets: ${targets}\nexposition:\n${exposition.slice(0, 3000)}\nprometheus: ${prometheus.log()}\napp: ${appStderr}`,
      );
    });
    // Two scrapes at least, so rate() in the dashboard and the rules has something to work on.
    await until('a second scrape', 20_000, async () => {
      const r = await query('min(count_over_time(gen_ai_client_cost_total{job="genai-app"}[1m]))');
      return r.length === 1 && Number(r[0]!.value[1]) >= 2 ? true : undefined;
    });
    const tokens = await query(
      'sum by (gen_ai_request_model, gen_ai_token_type) (gen_ai_client_token_usage_sum{job="genai-app"})',
    );
    const cost = await query(
      'sum by (gen_ai_request_model) (gen_ai_client_cost_total{job="genai-app"})',
    );
    const unpriced = await query(
      'sum by (gen_ai_request_model) (gen_ai_client_cost_unpriced_total)',
    );
    const errors = await query('sum by (error_type) (gen_ai_errors_total)');
    const p95 = await query(
      'histogram_quantile(0.95, sum by (le) (gen_ai_client_operation_duration_bucket{job="genai-app"}))',
    );
    const exposition = await (await fetch(metricsUrl)).text();

    // Stop the app: its exit flush writes every span to the file.
    app.kill('SIGTERM');
    await once(app, 'exit');
    const spans = (await readJsonlSpans(spansFile)).filter(
      (s) => s.attributes[ATTR_GEN_AI_REQUEST_MODEL] !== undefined,
    );
    // Every call that reported usage, plus the one that failed.
    expect(spans).toHaveLength(calls + 1);

    const fromSpans = (key: string, spansOf: FlatSpan[]) =>
      spansOf.reduce((sum, s) => sum + (Number(s.attributes[key]) || 0), 0);
    const models = [...new Set(spans.map((s) => String(s.attributes[ATTR_GEN_AI_REQUEST_MODEL])))];
    expect(models.sort()).toEqual(
      ['acme-internal-llm', 'gpt-4o', 'gpt-4o-mini', 'o4-mini', 'text-embedding-3-small'].sort(),
    );
    const promTokens = (model: string, type: string) =>
      Number(
        tokens.find(
          (s) => s.metric.gen_ai_request_model === model && s.metric.gen_ai_token_type === type,
        )?.value[1] ?? 0,
      );
    const promCost = (model: string) =>
      Number(cost.find((s) => s.metric.gen_ai_request_model === model)?.value[1] ?? 0);

    for (const model of models) {
      const of = spans.filter((s) => s.attributes[ATTR_GEN_AI_REQUEST_MODEL] === model);
      expect(promTokens(model, 'input'), `${model} input tokens`).toBe(
        fromSpans(ATTR_GEN_AI_USAGE_INPUT_TOKENS, of),
      );
      expect(promTokens(model, 'output'), `${model} output tokens`).toBe(
        fromSpans(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, of),
      );
      expect(promCost(model), `${model} cost`).toBeCloseTo(
        fromSpans(ATTR_GEN_AI_USAGE_COST_AMOUNT, of),
        12,
      );
    }
    // Real figures, not zeros: every priced model cost something, the unpriced one nothing.
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'o4-mini', 'text-embedding-3-small']) {
      expect(promCost(model), model).toBeGreaterThan(0);
    }
    expect(promCost('acme-internal-llm')).toBe(0);
    expect(unpriced.map((s) => [s.metric.gen_ai_request_model, s.value[1]])).toEqual([
      ['acme-internal-llm', '1'],
    ]);
    expect(errors.map((s) => [s.metric.error_type, s.value[1]])).toEqual([['400', '1']]);

    expect(p95).toHaveLength(1);
    const q = Number(p95[0]!.value[1]);
    expect(Number.isFinite(q)).toBe(true);
    expect(q).toBeGreaterThan(0);
    expect(q).toBeLessThanOrEqual(81.92);

    const check = spawnSync('promtool', ['check', 'metrics'], {
      input: exposition,
      encoding: 'utf8',
    });
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    expect(check.status).toBe(0);
    // The one line genai-otel prints: the unpriced model, once.
    expect(appStderr.trim().split('\n')).toEqual([
      'genai-otel: processor genai_cost: no price for model "acme-internal-llm" (provider openai): its calls get no cost attribute and count in gen_ai.client.cost.unpriced; add it under processors.genai_cost.prices',
    ]);
  });

  it('ships alert rules promtool accepts and Prometheus evaluates, and a dashboard of valid PromQL', async () => {
    const check = spawnSync('promtool', ['check', 'rules', ALERTS], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain('SUCCESS: 21 rules found');
    expect(check.status).toBe(0);

    // Loaded by the running server and evaluated against the app's data without error.
    interface Rule {
      name: string;
      health: string;
      lastError?: string;
      lastEvaluation: string;
    }
    const rules = await until('every rule to be evaluated', 20_000, async () => {
      const res = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
        data: { groups: { rules: Rule[] }[] };
      };
      const all = res.data.groups.flatMap((g) => g.rules);
      return all.length > 0 && all.every((r) => !r.lastEvaluation.startsWith('0001'))
        ? all
        : undefined;
    });
    // Every generated rule (alerts.yaml) evaluates without error against the app's data.
    expect(rules).toHaveLength(21);
    for (const r of rules)
      expect([r.name, r.health, r.lastError ?? '']).toEqual([r.name, 'ok', '']);

    // Every panel's query, with Grafana's variables filled in, is answered by Prometheus.
    const dashboard = JSON.parse(await readFile(DASHBOARD, 'utf8')) as {
      templating: { list: { name: string }[] };
      panels: { title: string; type: string; targets?: { expr: string }[] }[];
    };
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'job', 'tenant']);
    const titles = dashboard.panels.map((p) => p.title);
    for (const wanted of [
      'Cost per hour by model',
      'Tokens per second by type',
      'LLM call latency p50 / p95 / p99',
      'Time to first chunk p50 / p95 (streams)',
      'Error rate by model',
      'Agent invocations by outcome',
      'Handoffs by source → target',
      'Handoffs by reason',
      'Retrieval hit rate',
      'Retrieval similarity (top score p50 / p95)',
      'Cost per conversation',
      'Model distribution (calls)',
      'HTTP requests/s by route',
      'HTTP error rate (5xx) by route',
      'HTTP duration p95 / p99',
      'RevOps deal assessments by verdict',
    ]) {
      expect(titles).toContain(wanted);
    }
    const fill = (expr: string) =>
      expr
        .replaceAll('$__rate_interval', '1m')
        .replaceAll('$__range', '5m')
        .replaceAll('$job', '.*')
        .replaceAll('$tenant', '.*');
    const withSeries: string[] = [];
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        const promql = fill(target.expr);
        const result = await query(promql).catch((e) => {
          throw new Error(`${panel.title}: ${promql}: ${e}`);
        });
        if (result.length > 0) withSeries.push(panel.title);
      }
    }
    // The panels over what this app does (LLM calls, no agents, RAG or HTTP server) have series.
    expect([...new Set(withSeries)]).toEqual(
      expect.arrayContaining([
        'Spend, last 24 h',
        'LLM calls/s',
        'Error rate',
        'Cost per hour by model',
        'Tokens per second by type',
        'LLM call latency p50 / p95 / p99',
        'Time to first chunk p50 / p95 (streams)',
        'Errors by type',
        'Model distribution (calls)',
      ]),
    );
    const costPerHour = dashboard.panels.find((p) => p.title === 'Cost per hour by model')!;
    const priced = await query(fill(costPerHour.targets![0]!.expr).replaceAll('[1m]', '[5m]'));
    // Every priced model has a cost series (the unpriced one has none).
    expect(priced.map((s) => s.metric.gen_ai_request_model).sort()).toEqual(
      ['gpt-4o', 'gpt-4o-mini', 'o4-mini', 'text-embedding-3-small'].sort(),
    );
  });
});
