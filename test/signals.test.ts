/**
 * A long-running app stopped by SIGTERM or SIGINT mid-run: what it traced before the signal is
 * exported, and it ends as it would have without telemetry — killed by that very signal, or, if
 * it handles the signal itself, by its own handler's decision.
 */
import { join } from 'node:path';
import { ATTR_GEN_AI_RESPONSE_ID } from '@genai-otel/semantic-conventions';
import { readJsonlSpans } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { pipelineYaml } from './support/config.js';
import { runApp, useTempDirs, writeConfig } from './support/run-app.js';
import { useServers } from './support/servers.js';
import { CHAT_SPAN, spanIds } from './support/spans.js';

/** Response ids of the `CALL <n> <id>` lines the app printed. */
function finishedCalls(stdout: string): string[] {
  return [...stdout.matchAll(/^CALL \d+ (\S+)$/gm)].map((m) => m[1]!);
}

describe.each(['SIGTERM', 'SIGINT'] as const)('%s mid-run', (signal) => {
  const servers = useServers();
  const tempDir = useTempDirs();

  async function runSignalApp(env: Record<string, string> = {}) {
    const dir = await tempDir();
    const file = join(dir, 'spans.jsonl');
    const config = await writeConfig(
      dir,
      // A long batch timeout: only the exit flush can have delivered these spans.
      pipelineYaml({ file, otlp: { endpoint: servers.otlp.url } }).replace(
        'timeout: 200ms',
        'timeout: 60s',
      ),
    );
    const run = await runApp(
      'signal-app.mjs',
      { GENAI_OTEL_CONFIG: config, MOCK_LLM_URL: servers.llm.url, ...env },
      { signalAfter: { signal, whenStdoutIncludes: 'READY' } },
    );
    expect(run.signalSent).toBe(true);
    expect(run.timedOut).toBe(false);
    return { run, fileSpans: await readJsonlSpans(file), otlpSpans: servers.otlp.spans() };
  }

  it(`flushes, then the process dies by ${signal} as it would have without telemetry`, async () => {
    const { run, fileSpans, otlpSpans } = await runSignalApp();
    expect(run.signal).toBe(signal);
    expect(run.code).toBeNull();
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('APP STOPPED');

    // Every call finished before the signal is a span. The app keeps running while the flush
    // is under way (as with any flush-on-signal); calls it makes then may or may not make it.
    const beforeSignal = finishedCalls(run.stdout.slice(0, run.stdout.indexOf('READY')));
    expect(beforeSignal).toHaveLength(3);
    const traced = fileSpans.map((s) => s.attributes[ATTR_GEN_AI_RESPONSE_ID]);
    expect(traced).toEqual(expect.arrayContaining(beforeSignal));
    expect(fileSpans.length).toBeLessThanOrEqual(servers.llm.requests.length);
    expect(new Set(fileSpans.map((s) => s.name))).toEqual(new Set([CHAT_SPAN]));
    expect(spanIds(otlpSpans)).toEqual(spanIds(fileSpans));
  });

  it(`lets the app's own ${signal} handler decide; work after the signal is still traced`, async () => {
    const { run, fileSpans, otlpSpans } = await runSignalApp({ APP_SIGNAL_HANDLER: signal });
    // Once: register did not re-raise the signal into the app's handler.
    expect(run.stdout.match(/APP HANDLER \w+/g)).toEqual([`APP HANDLER ${signal}`]);
    const stopped = /APP STOPPED after (\d+) calls/.exec(run.stdout);
    expect(stopped).not.toBeNull();
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');

    // The app finished every call it started, including its goodbye call after the signal: each
    // one is a span, in both exporters (the signal flushed, it did not shut telemetry down).
    const calls = finishedCalls(run.stdout);
    expect(calls).toHaveLength(Number(stopped![1]));
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(servers.llm.requests).toHaveLength(calls.length);
    expect(fileSpans.map((s) => s.attributes[ATTR_GEN_AI_RESPONSE_ID]).sort()).toEqual(
      calls.sort(),
    );
    expect(spanIds(otlpSpans)).toEqual(spanIds(fileSpans));
  });
});
