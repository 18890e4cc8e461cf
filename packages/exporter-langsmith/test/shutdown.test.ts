import { context, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it, vi } from 'vitest';
import { exportSpans, memory, spans, tracer, useFaultSetup } from './fault-setup.js';

const setup = useFaultSetup();

/** `n` ended children of a parent that is still running: the exporter holds them. */
function heldChildren(n: number) {
  memory.reset();
  const parent = tracer.startSpan('never ends');
  const ctx = trace.setSpan(context.active(), parent);
  for (let i = 0; i < n; i++) tracer.startSpan(`held ${i}`, {}, ctx).end();
  return { parent, children: memory.getFinishedSpans() };
}

describe('shutdown, timers and limits', () => {
  it('shutdown counts the runs it abandons before it resolves; its summary is the last line', async () => {
    const { server, exporter, log } = await setup({}, { timeoutMs: 700 });
    const { parent, children } = heldChildren(2);
    await exportSpans(exporter, children);
    expect(exporter.stats.pendingRuns).toBe(2);
    server.failNext({ delayMs: 10_000, times: 10 });
    await exporter.shutdown();
    const summary =
      'warn: exporter langsmith dropped 2 LangSmith runs outside failed exports (refused, partly sent, or held at an outage)';
    expect(exporter.stats).toEqual({ sentRuns: 0, droppedRuns: 2, pendingRuns: 0 });
    expect(log.lines.at(-1)).toBe(summary);
    // The aborted request unwinds afterwards: nothing more is counted, nothing more is said.
    await exporter.forceFlush();
    expect(exporter.stats.droppedRuns).toBe(2);
    expect(log.lines.at(-1)).toBe(summary);
    parent.end();
  });

  it('an export still waiting at shutdown fails before shutdown resolves', async () => {
    const { server, exporter } = await setup({}, { timeoutMs: 700 });
    server.failNext({ delayMs: 10_000, times: 10 });
    const pending = exportSpans(exporter, spans(3));
    let answered = false;
    void pending.then(() => {
      answered = true;
    });
    await exporter.shutdown();
    expect(answered).toBe(true);
    expect((await pending).result.code).toBe(ExportResultCode.FAILED);
    expect(exporter.stats.droppedRuns).toBe(3);
  });

  it('a failure while placing waiting spans never reaches the app as an uncaught exception', async () => {
    const { exporter, log } = await setup({}, { parentWaitMs: 100 });
    const { parent, children } = heldChildren(1);
    // A span that breaks only when it is finally placed (its start is read then).
    const broken = Object.create(children[0]!, {
      startTime: {
        get() {
          throw new Error('broken span');
        },
      },
    }) as ReadableSpan;
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      await exportSpans(exporter, [broken]);
      expect(exporter.stats.pendingRuns).toBe(1);
      await vi.waitFor(() => expect(log.lines.join('\n')).toContain('broken span'), {
        timeout: 3_000,
      });
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect(log.lines).toEqual([
      'warn: exporter langsmith: placing spans that waited for their parent failed (broken span); those spans are lost',
    ]);
    parent.end();
  });

  it("drops (counting, reporting once) a trace's runs past the per-trace limit", async () => {
    const { server, exporter, log } = await setup({}, { maxRunsPerTrace: 3 });
    memory.reset();
    const agent = tracer.startSpan('agent');
    const ctx = trace.setSpan(context.active(), agent);
    for (let i = 0; i < 4; i++) tracer.startSpan(`step ${i}`, {}, ctx).end();
    agent.end();
    const { result } = await exportSpans(exporter, memory.getFinishedSpans());
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(server.runs.size).toBe(3);
    expect(exporter.stats).toMatchObject({ sentRuns: 3, droppedRuns: 2 });
    expect(log.lines).toEqual([
      'warn: exporter langsmith: 1 LangSmith runs were past the limit of 3 runs per trace; such runs are dropped and counted (summed up at shutdown)',
    ]);
    // Other traces have their own count.
    await exportSpans(exporter, spans(2));
    expect(server.runs.size).toBe(5);
  });

  it('measures requests in bytes, not UTF-16 units', async () => {
    const { server, exporter } = await setup({}, { batchSizeBytes: 4_000 });
    // ~1,100 characters of JSON, ~3,100 bytes: two fit in 4,000 characters, not in 4,000 bytes.
    const { result } = await exportSpans(exporter, spans(4, '€'.repeat(1_000)));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(server.ingests.map((i) => i.runIds.length)).toEqual([1, 1, 1, 1]);
  });
});
