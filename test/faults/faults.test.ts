/**
 * Issue 9's fault injection, kept true in CI: every exporter × every way an endpoint fails, as a
 * real `node --import @genai-otel/register` child app. For each: the process exits within the
 * shutdown bound after the app's natural end and after SIGTERM, stderr holds only a couple of
 * genai-otel's own lines (no other library's), and what was dropped is counted in them. Plus:
 * memory stays bounded while spans keep coming against an endpoint that hangs.
 * Children run concurrently with a 2 s bound and sub-second timeouts, so the suite takes seconds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORTER_ID, EXPORTERS, type ExporterUnderTest, faultConfig } from './configs.js';
import { FAULTS, type Fault, type FaultServer, startFaultServer } from './fault-server.js';
import { type ChildRun, runFaultApp } from './run-child.js';

const SHUTDOWN_MS = 2_000;
/**
 * Node's own exit, and a busy 2-core machine's stalls (the AWS SDK compiles for a second or more
 * when it loads): the bound is ours, this is not.
 */
const SLACK_MS = 2_500;
/** Our lines at most: the outage as it starts, the total at shutdown, and one more (EMF's own event total). */
const MAX_LINES = 3;
/** Children wait for a slot (run-child.ts runs four at a time): a test's time includes its wait. */
const TEST_TIMEOUT_MS = 180_000;

let dir: string;
const servers = new Map<Fault, FaultServer>();
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genai-otel-faults-'));
  for (const fault of FAULTS) servers.set(fault, await startFaultServer(fault));
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function configFile(exporter: ExporterUnderTest, fault: Fault): Promise<string> {
  const file = join(dir, `${exporter.replace(/\W+/g, '-')}-${fault}.yaml`);
  await writeFile(file, faultConfig(exporter, servers.get(fault)!.url));
  return file;
}

/** Every line is genai-otel's, a couple at most, and one of them counts what was dropped. */
function expectQuietAndCounted(run: ChildRun, exporter: ExporterUnderTest): void {
  const foreign = run.stderrLines.filter((l) => !l.startsWith('genai-otel: '));
  expect(foreign).toEqual([]);
  expect(run.stderrLines.length).toBeLessThanOrEqual(MAX_LINES);
  const id = EXPORTER_ID[exporter];
  expect(
    run.stderrLines.some((l) => new RegExp(`exporter ${id}.* dropped [1-9]\\d*`).test(l)),
  ).toBe(true);
}

describe.concurrent.each(EXPORTERS)('%s', (exporter) => {
  describe.each(FAULTS)('against an endpoint that answers %s', (fault) => {
    // The natural end against `hang` is the memory test's below (the same run, under more load):
    // one child fewer per exporter, nothing less asserted.
    if (fault !== 'hang') {
      it(
        'natural end: exits within the bound, a couple of our lines, drops counted',
        async () => {
          const run = await runFaultApp({
            config: await configFile(exporter, fault),
            shutdownMs: SHUTDOWN_MS,
          });
          expect(run.killed).toBe(false);
          expect(run.code).toBe(0);
          expect(run.exitAfterMs).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
          expectQuietAndCounted(run, exporter);
        },
        TEST_TIMEOUT_MS,
      );
    }

    it(
      'SIGTERM: exits by SIGTERM within the bound, a couple of our lines, drops counted',
      async () => {
        const run = await runFaultApp({
          config: await configFile(exporter, fault),
          shutdownMs: SHUTDOWN_MS,
          signal: 'SIGTERM',
        });
        expect(run.killed).toBe(false);
        expect(run.signal).toBe('SIGTERM');
        expect(run.exitAfterMs).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
        expectQuietAndCounted(run, exporter);
      },
      TEST_TIMEOUT_MS,
    );
  });

  it(
    'natural end against a hung endpoint while spans keep coming: memory stays bounded, exits within the bound, a couple of our lines, drops counted',
    async () => {
      // ~5,000 spans/s for 3 s: far more than any queue holds.
      const run = await runFaultApp({
        config: await configFile(exporter, 'hang'),
        shutdownMs: SHUTDOWN_MS,
        durationMs: 3_000,
        spansPerTick: 50,
      });
      expect(run.killed).toBe(false);
      expect(run.code).toBe(0);
      expect(run.peakRss).toBeGreaterThan(0);
      expect(run.peakRss).toBeLessThan(300 * 2 ** 20);
      expect(run.exitAfterMs).toBeLessThan(SHUTDOWN_MS + SLACK_MS);
      expectQuietAndCounted(run, exporter);
    },
    TEST_TIMEOUT_MS,
  );
});
