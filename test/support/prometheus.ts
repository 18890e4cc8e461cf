/**
 * A real Prometheus (Debian's package, installed by scripts/ensure-prometheus.sh) scraping the
 * given targets every second, with its HTTP API for PromQL: shared by the tests that check what
 * an app's metrics look like once Prometheus has them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '@genai-otel/test-utils';
import { until, which } from './until.js';

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  /** An instant query; throws with Prometheus's error. */
  query(promql: string): Promise<Sample[]>;
  /** What it wrote to stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Starts Prometheus in `dir` (config and TSDB) scraping `targets` (`host:port`) as job `job`. */
export async function startPrometheus(
  dir: string,
  o: { job: string; targets: string[]; ruleFiles?: string[] },
): Promise<RunningPrometheus> {
  which('prometheus');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
${o.ruleFiles ? `rule_files:\n${o.ruleFiles.map((f) => `  - ${JSON.stringify(f)}\n`).join('')}` : ''}scrape_configs:
  - job_name: ${o.job}
    static_configs:
      - targets: ${JSON.stringify(o.targets)}
`,
  );
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    log += c;
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  try {
    await until('Prometheus to be ready', 20_000, async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    log: () => log,
    stop,
    async query(promql) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as {
        status: string;
        data: { result: Sample[] };
        error?: string;
      };
      if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
      return body.data.result;
    },
  };
}
