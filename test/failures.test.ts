/**
 * When telemetry cannot work, the app still does: a bad config, a disabled SDK, an unreachable
 * collector. And when the operator asked for strictness, a bad config stops the app before any
 * of its code runs.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readJsonlSpans } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { pipelineYaml } from './support/config.js';
import { PACKAGE_DIR, runApp, useTempDirs, writeConfig } from './support/run-app.js';
import { useServers } from './support/servers.js';
import { appResult, expectAppSpans } from './support/spans.js';

/** Two mistakes at known positions: a bad enum value (line 5) and a dangling reference (line 10). */
// Nothing listens on the discard port (9): connections are refused.
const NOTHING_LISTENS = 'http://127.0.0.1:9';

const BAD_CONFIG = `receivers:
  genai: {}
exporters:
  otlp_http:
    encoding: xml
service:
  pipelines:
    traces:
      receivers: [genai]
      exporters: [otlp_http, jaeger]
`;

describe('when telemetry cannot work, the app still does', () => {
  const servers = useServers();
  const tempDir = useTempDirs();

  function issueLines(file: string): string[] {
    return [
      `genai-otel: configuration error in ${file}:`,
      `genai-otel: ${file}:5:15: exporters.otlp_http.encoding: must be one of: proto, json (got "xml")`,
      `genai-otel: ${file}:10:30: service.pipelines.traces.exporters[1]: references exporter "jaeger" which is not configured`,
    ];
  }

  it('bad config: every issue as file:line:col, then the app runs uninstrumented', async () => {
    const file = await writeConfig(await tempDir(), BAD_CONFIG);
    const run = await runApp('app.mjs', {
      GENAI_OTEL_CONFIG: file,
      MOCK_LLM_URL: servers.llm.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: servers.otlp.url,
    });
    expect(run.stderrLines).toEqual([
      ...issueLines(file),
      'genai-otel: the app runs WITHOUT instrumentation',
    ]);
    expect(run.code).toBe(0);
    // The app's own output is untouched.
    expect(appResult(run.stdout).error).toBe(400);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('APP DONE');
    expect(servers.llm.requests).toHaveLength(5);
    expect(servers.otlp.requests).toHaveLength(0);
  });

  it('bad config, relative GENAI_OTEL_CONFIG: reported as the user wrote it', async () => {
    const dir = await tempDir();
    await writeConfig(dir, BAD_CONFIG);
    // Relative to the working directory, which runApp sets to the test package.
    const file = relative(PACKAGE_DIR, join(dir, 'otel.yaml'));
    expect(file.startsWith('..')).toBe(true);
    const run = await runApp('app.mjs', { GENAI_OTEL_CONFIG: file, MOCK_LLM_URL: servers.llm.url });
    expect(run.code).toBe(0);
    expect(run.stderrLines).toEqual([
      ...issueLines(file),
      'genai-otel: the app runs WITHOUT instrumentation',
    ]);
  });

  it('bad config in strict mode: the same lines, exit 78, the app never runs', async () => {
    const file = await writeConfig(await tempDir(), BAD_CONFIG);
    const run = await runApp('app.mjs', {
      GENAI_OTEL_CONFIG: file,
      GENAI_OTEL_STRICT: 'true',
      MOCK_LLM_URL: servers.llm.url,
    });
    expect(run.code).toBe(78);
    expect(run.stderrLines).toEqual([
      ...issueLines(file),
      'genai-otel: GENAI_OTEL_STRICT=true: exiting with code 78',
    ]);
    expect(run.stdout).toBe('');
    expect(servers.llm.requests).toHaveLength(0);
  });

  it('a missing config file is a config error too', async () => {
    const file = join(await tempDir(), 'nope.yaml');
    const run = await runApp('app.mjs', { GENAI_OTEL_CONFIG: file, MOCK_LLM_URL: servers.llm.url });
    expect(run.code).toBe(0);
    expect(run.stderrLines).toEqual([
      `genai-otel: configuration error in ${file}:`,
      `genai-otel: ${file}: cannot read the config file: no such file`,
      'genai-otel: the app runs WITHOUT instrumentation',
    ]);
    expect(run.stdout).toContain('APP DONE');
  });

  it('OTEL_SDK_DISABLED=true: no telemetry at all, the app runs, nothing is printed', async () => {
    const dir = await tempDir();
    const file = join(dir, 'spans.jsonl');
    const config = await writeConfig(
      dir,
      pipelineYaml({ file, otlp: { endpoint: servers.otlp.url } }),
    );
    const run = await runApp('app.mjs', {
      GENAI_OTEL_CONFIG: config,
      OTEL_SDK_DISABLED: 'true',
      MOCK_LLM_URL: servers.llm.url,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('APP DONE');
    expect(servers.llm.requests).toHaveLength(5);
    expect(servers.otlp.requests).toHaveLength(0);
    expect(existsSync(file)).toBe(false);
  });

  it('OTEL_SDK_DISABLED=true says so in one line at OTEL_LOG_LEVEL=debug', async () => {
    const run = await runApp('app.mjs', {
      OTEL_SDK_DISABLED: 'true',
      OTEL_LOG_LEVEL: 'debug',
      MOCK_LLM_URL: servers.llm.url,
    });
    expect(run.code).toBe(0);
    expect(run.stderrLines).toEqual(['genai-otel: OTEL_SDK_DISABLED=true: telemetry is off']);
  });

  it('OTLP endpoint with nothing listening: one line about it, normal exit, the file still has every span', async () => {
    const dir = await tempDir();
    const file = join(dir, 'spans.jsonl');
    // The discard port: refused, and never an ephemeral port another test's server could take
    // between a free-port probe and the export (an OTLP receiver there made this test flaky).
    const endpoint = NOTHING_LISTENS;
    const config = await writeConfig(
      dir,
      pipelineYaml({ file, otlp: { endpoint, timeout: '1s' } }),
    );
    const run = await runApp('app.mjs', {
      GENAI_OTEL_CONFIG: config,
      MOCK_LLM_URL: servers.llm.url,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('APP DONE');

    // When the first export fails decides the wording: at shutdown, one line says it all; while
    // the app still runs (a slow machine), the outage line comes first and the total at shutdown.
    const ours = run.stderrLines.filter((line) => line.includes('otlp_http/test'));
    const atShutdown = `genai-otel: exporter otlp_http/test could not reach ${endpoint}/v1/traces (ECONNREFUSED); dropped 5 spans`;
    const whileRunning = `genai-otel: exporter otlp_http/test cannot reach ${endpoint}/v1/traces (ECONNREFUSED); spans will be dropped until it is reachable`;
    if (ours.length === 1) expect(ours).toEqual([atShutdown]);
    else {
      expect(ours[0]).toBe(whileRunning);
      // The total, with how many of them were still waiting to be sent when the app ended.
      expect(ours.slice(1)).toHaveLength(1);
      expect(ours[1]).toMatch(
        /^genai-otel: exporter otlp_http\/test dropped 5 spans( \(\d+ still unsent at shutdown\))?$/,
      );
    }
    // Only genai-otel's one-liners: no stack trace, no raw error object.
    for (const line of run.stderrLines) expect(line).toMatch(/^genai-otel: /);
    expectAppSpans(await readJsonlSpans(file), appResult(run.stdout));
  });

  it('OTEL_LOG_LEVEL=none: not one line on stderr, even with the endpoint down', async () => {
    const dir = await tempDir();
    const endpoint = NOTHING_LISTENS;
    const config = await writeConfig(dir, pipelineYaml({ otlp: { endpoint, timeout: '300ms' } }));
    const run = await runApp('app.mjs', {
      GENAI_OTEL_CONFIG: config,
      OTEL_LOG_LEVEL: 'none',
      MOCK_LLM_URL: servers.llm.url,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('APP DONE');
    expect(run.stderr).toBe('');
  });
});
