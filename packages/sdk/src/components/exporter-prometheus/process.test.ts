/**
 * A scraper holding a kept-alive connection to `/metrics` (as a real Prometheus does) must not
 * keep a finished app alive. The child mimics what `--import @genai-otel/register` does on a
 * normal end (shutdown on `beforeExit`); `beforeExit` only fires once nothing ref'd is left, so
 * this fails if the server or any accepted socket holds the event loop.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { Agent, createServer, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, runNode } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../../dist/index.js', import.meta.url));

/** Starts the config, counts one call, waits for the test to say its work is over, and returns. */
const app = (configFile: string, goUrl: string) => `
import { get } from 'node:http';
import { loadConfig, startFromConfig } from ${JSON.stringify(dist)};
const otel = startFromConfig(loadConfig(${JSON.stringify(configFile)}));
// register's normal-end path: shut down when the event loop drains.
process.once('beforeExit', () => {
  void otel.shutdown(2000).then(() => console.log('shut down'));
});
otel.meterProvider.getMeter('app').createCounter('app.calls').add(1);
await new Promise((resolve, reject) => {
  get(${JSON.stringify(goUrl)}, { agent: false }, (res) => res.resume().on('end', resolve)).on(
    'error',
    reject,
  );
});
console.log('work done');
`;

interface Scrape {
  status: number;
  body: string;
}

/** One GET over `agent`; rejects when the connection fails. */
function scrapeOnce(url: string, agent: Agent): Promise<Scrape> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('prometheus exporter in a real process', () => {
  it('lets the app exit while a scraper keeps its connection alive', async () => {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'genai-otel-prom-exit-'));
    const configFile = join(dir, 'otel.yaml');
    writeFileSync(
      configFile,
      `receivers: { genai: { instrumentations: [] } }
connectors: { genai_metrics: {} }
exporters:
  prometheus: { endpoint: "127.0.0.1:${port}" }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [prometheus] }
`,
    );

    const scrapes: Scrape[] = [];
    let scraped: () => void = () => {};
    const enoughScrapes = new Promise<void>((resolve) => {
      scraped = () => {
        if (scrapes.length >= 3) resolve();
      };
    });
    // The app's last piece of work: a request the test answers once scraping is under way.
    let workEndedAt = 0;
    const control = createServer((_req, res) => {
      void enoughScrapes.then(() => {
        workEndedAt = performance.now();
        res.end('go');
      });
    });
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    const address = control.address();
    if (typeof address !== 'object' || address === null) throw new Error('no control address');

    const run = runNode(
      ['--input-type=module', '-e', app(configFile, `http://127.0.0.1:${address.port}/go`)],
      { cwd: dir, env: { OTEL_LOG_LEVEL: 'warn' }, timeoutMs: 10_000 },
    );
    let exited = false;
    let exitedAt = 0;
    const ended = run.finally(() => {
      exited = true;
      exitedAt = performance.now();
    });

    // A polling scraper on one kept-alive connection, as Prometheus keeps its own.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const connections = new Set<unknown>();
    const scraper = (async () => {
      const url = `http://127.0.0.1:${port}/metrics`;
      while (!exited) {
        try {
          const scrape = await scrapeOnce(url, agent);
          scrapes.push(scrape);
          scraped();
        } catch {
          // Not listening yet, or the app has ended.
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    agent.on('free', (socket) => connections.add(socket));

    const result = await ended;
    await scraper;
    agent.destroy();
    await new Promise<void>((resolve) => control.close(() => resolve()));

    expect(result.timedOut).toBe(false);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('work done\nshut down\n');
    expect(exitedAt - workEndedAt).toBeLessThan(3000);
    expect(scrapes.length).toBeGreaterThanOrEqual(3);
    // Every scrape was answered in full, over the one kept-alive connection.
    expect(connections.size).toBe(1);
    for (const scrape of scrapes) {
      expect(scrape.status).toBe(200);
      expect(scrape.body).toMatch(/^app_calls_total\{[^}]*\} 1$/m);
    }
  }, 20_000);
});
