/**
 * Alerts reach a person, end to end with REAL servers (scripts/ensure-prometheus.sh): an app run
 * with `--import @genai-otel/register` is scraped by Prometheus, which evaluates the generated rules
 * (windows shortened with `alert-rules --window --for`) and sends to an Alertmanager running
 * collector-config/alertmanager.yml, whose Slack and PagerDuty receivers post to a local webhook.
 * Only the timing of the real config is shortened (group_wait, group_interval); its routes,
 * inhibitions, receivers and repeat_interval (the cooldown) are the shipped ones.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@genai-otel/test-utils';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { FIXTURES, PACKAGE_DIR } from './support/run-app.js';
import { useServers } from './support/servers.js';
import { until, which } from './support/until.js';

const CONFIG = join(PACKAGE_DIR, '..', 'collector-config');
const CLI = join(PACKAGE_DIR, 'node_modules', '.bin', 'genai-otel');

interface Delivery {
  path: string;
  body: Record<string, unknown>;
}

interface AmAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

/** A child process whose output is kept for error messages. */
function start(bin: string, args: string[], env?: NodeJS.ProcessEnv) {
  const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const log = { out: '', err: '' };
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    log.out += c;
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    log.err += c;
  });
  return { child, log };
}

describe('an error burst in a real app, through Prometheus and Alertmanager, to a person', () => {
  const servers = useServers();
  const deliveries: Delivery[] = [];
  const children: ChildProcess[] = [];
  let dir: string;
  let webhook: Server;
  let smtp: SMTPServer;
  const emails: { to: string[]; subject: string; html: string }[] = [];
  let app: ReturnType<typeof start>;
  let prom: ReturnType<typeof start>;
  let am: ReturnType<typeof start>;
  let promUrl: string;
  let amUrl: string;

  async function send(line: string, total: string) {
    app.child.stdin!.write(`${line}\n`);
    await until(`the app to do "${line}"`, 20_000, async () => {
      if (app.child.exitCode !== null) throw new Error(`app exited: ${app.log.err}`);
      return app.log.out.includes(`DONE ${total}\n`) ? true : undefined;
    });
  }

  async function promQuery(
    q: string,
  ): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const body = (await (
      await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`)
    ).json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    return body.data.result;
  }

  const amAlerts = async () => (await (await fetch(`${amUrl}/api/v2/alerts`)).json()) as AmAlert[];
  const sent = (path: string) => deliveries.filter((d) => d.path === path);

  beforeAll(async () => {
    const prometheus = which('prometheus');
    const alertmanager = which('prometheus-alertmanager', 'alertmanager');
    dir = await mkdtemp(join(tmpdir(), 'genai-otel-alerting-'));

    // The person: a local webhook that records what Slack and PagerDuty would have received.
    webhook = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (c: string) => {
        body += c;
      });
      req.on('end', () => {
        deliveries.push({ path: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
      });
    });
    webhook.listen(0, '127.0.0.1');
    await once(webhook, 'listening');
    // ...and a local mail server for the email digests (the real SMTP dialogue, no TLS here).
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onAuth: (_auth, _session, done) => done(null, { user: 'genai-alerts' }),
      onData: (stream, session, done) => {
        simpleParser(stream).then((mail) => {
          emails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          });
          done();
        }, done);
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    const hook = `http://127.0.0.1:${(webhook.address() as { port: number }).port}`;

    // The shipped Alertmanager config: its secret files point at the webhook, its waits shortened.
    const amConfig = parse(await readFile(join(CONFIG, 'alertmanager.yml'), 'utf8'));
    await writeFile(join(dir, 'slack-url'), `${hook}/slack`);
    await writeFile(join(dir, 'pd-key'), 'test-routing-key');
    await writeFile(join(dir, 'smtp-password'), 'not-used');
    amConfig.global.slack_api_url_file = join(dir, 'slack-url');
    amConfig.global.smtp_auth_password_file = join(dir, 'smtp-password');
    amConfig.global.smtp_smarthost = `127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
    amConfig.global.smtp_require_tls = false;
    const pd = amConfig.receivers.find((r: { name: string }) => r.name === 'pagerduty');
    pd.pagerduty_configs[0].routing_key_file = join(dir, 'pd-key');
    pd.pagerduty_configs[0].url = `${hook}/pagerduty`;
    amConfig.route.group_wait = '1s';
    amConfig.route.group_interval = '1s';
    amConfig.route.routes[0].group_wait = '1s';
    const digest = amConfig.route.routes[2];
    expect([digest.receiver, digest.group_interval, digest.repeat_interval]).toEqual([
      'email-digest',
      '6h',
      '24h',
    ]);
    digest.group_wait = '1s';
    expect(amConfig.route.routes[0].repeat_interval).toBe('1h');
    await writeFile(join(dir, 'alertmanager.yml'), stringify(amConfig));
    const amPort = await freePort();
    amUrl = `http://127.0.0.1:${amPort}`;
    am = start(alertmanager, [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'am')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ]);
    children.push(am.child);

    // The app, with the prometheus exporter; first calls before any scrape (the baseline).
    const appPort = await freePort();
    await writeFile(
      join(dir, 'otel.yaml'),
      `receivers: { genai: {} }
processors: { genai_cost: {} }
connectors: { genai_metrics: {} }
exporters: { prometheus: { endpoint: "127.0.0.1:${appPort}" } }
service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_cost], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [prometheus] }
`,
    );
    app = start(
      process.execPath,
      ['--import', '@genai-otel/register', join(FIXTURES, 'alerts-app.mjs')],
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GENAI_OTEL_CONFIG: join(dir, 'otel.yaml'),
        MOCK_LLM_URL: servers.llm.url,
        OTEL_SERVICE_NAME: 'alerts-app',
      },
    );
    children.push(app.child);
    await send('ok 10', '10 0');
    await send('fail 1', '10 1');

    // The generated rules, every window 2 min (longer than the test, so nothing resolves) and no `for`, so a burst fires within seconds.
    const rules = spawnSync(
      CLI,
      ['alert-rules', join(CONFIG, 'alerts.yaml'), '--window', '2m', '--for', '0s'],
      {
        encoding: 'utf8',
      },
    );
    expect(rules.status, rules.stderr).toBe(0);
    await writeFile(join(dir, 'rules.yaml'), rules.stdout);
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    await writeFile(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [${JSON.stringify(join(dir, 'rules.yaml'))}]
alerting:
  alertmanagers: [{ static_configs: [{ targets: ["127.0.0.1:${amPort}"] }] }]
scrape_configs:
  - job_name: genai-alerts-app
    static_configs: [{ targets: ["127.0.0.1:${appPort}"] }]
`,
    );
    prom = start(prometheus, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--rules.alert.resend-delay=1s',
      '--log.level=warn',
    ]);
    children.push(prom.child);
    await until('Alertmanager and Prometheus to be ready', 20_000, async () => {
      for (const [name, p] of [
        ['alertmanager', am],
        ['prometheus', prom],
      ] as const)
        if (p.child.exitCode !== null) throw new Error(`${name} exited: ${p.log.err}`);
      return (await fetch(`${amUrl}/-/ready`)).ok && (await fetch(`${promUrl}/-/ready`)).ok
        ? true
        : undefined;
    });
    // Two scrapes of the baseline, so the burst is an increase rate() sees.
    await until('two scrapes of the baseline', 20_000, async () => {
      const r = await promQuery(
        'count_over_time(gen_ai_client_operation_duration_count{error_type="400"}[1m])',
      );
      return r.length === 1 && Number(r[0]!.value[1]) >= 2 ? true : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    webhook?.close();
    smtp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pages and posts the critical error rate once, inhibits its warning, and keeps quiet within the cooldown', async () => {
    expect(deliveries).toEqual([]);
    await send('fail 10', '10 11');
    await send('ok 10', '20 11');

    // The person is told: PagerDuty (P1) and Slack (every tier), the critical alone.
    await until('PagerDuty and Slack to be told', 30_000, async () =>
      sent('/pagerduty').length > 0 && sent('/slack').length > 0 ? true : undefined,
    ).catch((error) => {
      throw new Error(`${error}\nalertmanager: ${am.log.err}\nprometheus: ${prom.log.err}`);
    });
    await until('the email digest to arrive', 20_000, async () =>
      emails.length > 0 ? true : undefined,
    );
    // Alertmanager's own HTML email, with the rule's summary in it.
    expect(emails[0]!.html).toMatch(
      /\[P1 critical\] genai-alerts-app: \d+(\.\d+)?% of LLM calls fail/,
    );
    const page = sent('/pagerduty')[0]!.body as {
      routing_key: string;
      event_action: string;
      payload: { summary: string; severity: string; custom_details: Record<string, string> };
    };
    expect(page.routing_key).toBe('test-routing-key');
    expect(page.event_action).toBe('trigger');
    expect(page.payload.severity).toBe('critical');
    expect(page.payload.summary).toMatch(
      /^\[P1 critical\] genai-alerts-app: \d+(\.\d+)?% of LLM calls fail$/,
    );
    expect(page.payload.custom_details.runbook).toMatch(/README\.md#genaierrorrate$/);
    const post = sent('/slack')[0]!.body as {
      channel: string;
      attachments: { title: string; text: string }[];
    };
    expect(post.channel).toBe('#genai-alerts');
    expect(post.attachments[0]!.title).toBe('[FIRING] GenAIErrorRate P1 critical');

    // Prometheus fires the warning too; Alertmanager holds it back, inhibited by the critical.
    const firing = await promQuery('ALERTS{alertname="GenAIErrorRate", alertstate="firing"}');
    expect(firing.map((s) => s.metric.severity).sort()).toEqual(['critical', 'warning']);
    const warning = await until('Alertmanager to inhibit the warning', 10_000, async () => {
      const w = (await amAlerts()).find((a) => a.labels.severity === 'warning');
      return w && w.status.inhibitedBy.length > 0 ? w : undefined;
    });
    expect(warning.status.state).toBe('suppressed');
    expect(JSON.stringify(deliveries)).not.toContain('warning');

    // A second burst within the cooldown: the alert fires on (re-sent every second), nobody is re-told.
    const told = deliveries.length;
    await send('fail 10', '20 21');
    const after = Date.now();
    await until('Prometheus to see the second burst', 20_000, async () => {
      const r = await promQuery('sum(gen_ai_client_operation_duration_count{error_type="400"})');
      return r.length === 1 && Number(r[0]!.value[1]) >= 21 ? true : undefined;
    });
    // Several group_intervals (1 s) pass with the alert re-sent by Prometheus.
    await until('3 s of re-sent firings', 20_000, async () => {
      const critical = (await amAlerts()).find((a) => a.labels.severity === 'critical');
      return critical && Date.now() - after > 3_000 ? true : undefined;
    });
    expect(deliveries.length).toBe(told);
    expect(sent('/pagerduty')).toHaveLength(1);
    expect(sent('/slack')).toHaveLength(1);
    // The day's digest: one email to the on-call address for the group, not one per firing.
    expect(emails.map((e) => [e.to, e.subject])).toEqual([
      // No tenant in this app's alerts: the subject leaves the tenant out.
      [['genai-oncall@example.com'], 'genai-otel digest: 1 firing'],
    ]);
  });
});
