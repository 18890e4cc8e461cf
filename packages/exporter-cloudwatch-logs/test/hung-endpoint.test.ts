/**
 * A CloudWatch Logs endpoint that accepts and never answers must not hold an app's exit: a real
 * child process exports, shuts down within its bound, and exits by itself.
 */
import { runNode, startFakeCloudWatchLogs } from '@genai-otel/test-utils';
import { expect, it } from 'vitest';

const SHUTDOWN_MS = 1_500;

it('a hung endpoint: shutdown ends within its bound, the records are counted, the process exits', async () => {
  const server = await startFakeCloudWatchLogs();
  server.hang();
  try {
    const result = await runNode([new URL('./fixtures/hung-exit.mjs', import.meta.url).pathname], {
      env: {
        ENDPOINT: server.url,
        SHUTDOWN_MS: String(SHUTDOWN_MS),
        AWS_ACCESS_KEY_ID: 'AKIAFAKEKEYID0000042',
        AWS_SECRET_ACCESS_KEY: 'fake/Secret+Access+Key',
        AWS_REGION: 'us-east-1',
      },
      timeoutMs: 30_000,
    });
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(0);
    // Answered at once: the records were queued, not waited for.
    expect(result.stdout).toContain('export 0');
    const took = Number(/shutdown took (\d+) ms/.exec(result.stdout)?.[1]);
    // The invariant is the bound (plus a generous margin for a loaded machine), not a speed.
    expect(took).toBeLessThan(SHUTDOWN_MS + 2_000);
    expect(result.stderr).toContain(
      'warn: exporter awscloudwatchlogs dropped 10 log records (10 still unsent at shutdown)',
    );
    expect(server.calls.some((c) => c.operation === 'hung')).toBe(true);
  } finally {
    await server.close();
  }
});
