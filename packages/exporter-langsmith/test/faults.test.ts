import { context, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { code, exportSpans, memory, spans, tracer, useFaultSetup } from './fault-setup.js';

const setup = useFaultSetup();

describe('LangSmith faults', () => {
  it('down: the export fails within its timeout, naming the cause, then fails at once while it backs off', async () => {
    // Bounds are invariants with a second of margin either way (CI runs this beside every other
    // package on two cores): "fails at once" is "well before the 3 s timeout".
    const { exporter } = await setup(null, { timeoutMs: 3_000 });
    const first = await exportSpans(exporter, spans(3));
    expect(first.result.code).toBe(ExportResultCode.FAILED);
    expect(code(first.result)).toBe('ECONNREFUSED');
    expect(first.ms).toBeLessThan(3_000 - 1_000);
    const second = await exportSpans(exporter, spans(2));
    expect(second.result.code).toBe(ExportResultCode.FAILED);
    // Backing off, it fails without waiting for a connection or its timeout.
    expect(second.ms).toBeLessThan(3_000 - 1_000);
    expect(exporter.stats).toEqual({ sentRuns: 0, droppedRuns: 5, pendingRuns: 0 });
  });

  it('429 with a short Retry-After: waits as asked, then delivers once', async () => {
    const { server, exporter } = await setup({}, { timeoutMs: 5_000 });
    server.failNext({ status: 429, retryAfter: 1 });
    const { result, ms } = await exportSpans(exporter, spans(2));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(ms).toBeGreaterThanOrEqual(1_000);
    expect(server.ingests.map((i) => i.status)).toEqual([429, 202]);
    expect(server.runs.size).toBe(2);
    expect(exporter.stats.sentRuns).toBe(2);
  });

  it('429 with a Retry-After past the timeout: gives up at once and sends nothing until it has passed', async () => {
    const { server, exporter } = await setup({}, { timeoutMs: 3_000 });
    server.failNext({ status: 429, retryAfter: 120 });
    const first = await exportSpans(exporter, spans(2));
    expect(first.result.code).toBe(ExportResultCode.FAILED);
    expect(code(first.result)).toBe(429);
    // Not the 120 s asked for, nor a wait cut by its 3 s timeout: it gives up at once.
    expect(first.ms).toBeLessThan(3_000 - 1_000);
    const second = await exportSpans(exporter, spans(1));
    expect(second.result.code).toBe(ExportResultCode.FAILED);
    expect(server.ingests).toHaveLength(1);
    expect(exporter.stats.droppedRuns).toBe(3);
  });

  it('5xx: retried by the client and delivered; a lasting 5xx fails the export by its timeout', async () => {
    const { server, exporter } = await setup({}, { timeoutMs: 5_000 });
    server.failNext({ status: 503 });
    const ok = await exportSpans(exporter, spans(2));
    expect(ok.result.code).toBe(ExportResultCode.SUCCESS);
    expect(server.ingests.map((i) => i.status)).toEqual([503, 202]);

    const { server: broken, exporter: e2 } = await setup({}, { timeoutMs: 1_500 });
    broken.failNext({ status: 500, times: 1_000 });
    const failed = await exportSpans(e2, spans(4));
    expect(failed.result.code).toBe(ExportResultCode.FAILED);
    expect(code(failed.result)).toBe(500);
    expect(failed.ms).toBeLessThan(1_500 + 1_000);
    expect(e2.stats).toMatchObject({ sentRuns: 0, droppedRuns: 4 });
    expect(broken.runs.size).toBe(0);
  });

  it('413: splits the request, and drops (counting, reporting once) only runs too large alone', async () => {
    const { server, exporter, log } = await setup({
      maxBodyBytes: 6_000,
      info: { instance_flags: { gzip_body_enabled: false } },
    });
    const small = spans(6, 'x'.repeat(400));
    const big = spans(1, 'y'.repeat(20_000));
    const first = await exportSpans(exporter, [...small, ...big]);
    expect(first.result.code).toBe(ExportResultCode.SUCCESS);
    expect(server.runs.size).toBe(6);
    expect(server.ingests.filter((i) => i.status === 413).length).toBeGreaterThan(1);
    const again = await exportSpans(exporter, spans(1, 'z'.repeat(20_000)));
    expect(again.result.code).toBe(ExportResultCode.SUCCESS);
    expect(exporter.stats).toEqual({ sentRuns: 6, droppedRuns: 2, pendingRuns: 0 });
    expect(log.lines).toEqual([
      'warn: exporter langsmith: 1 LangSmith runs were refused by LangSmith (HTTP 413 Payload Too Large); such runs are dropped and counted (summed up at shutdown)',
    ]);
  });

  it('slow LangSmith: the export ends at its timeout, the app never waits', async () => {
    const { server, exporter } = await setup({}, { timeoutMs: 1_500 });
    server.failNext({ delayMs: 5_000 });
    const pending = exportSpans(exporter, spans(2));
    // Span ends are not held up by an export in flight (that would last its 1.5 s timeout).
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) tracer.startSpan('app work').end();
    expect(performance.now() - t0).toBeLessThan(1_500 - 1_000);
    const { result, ms } = await pending;
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(code(result)).toBe('ETIMEDOUT');
    // Its timeout, not the server's 5 s.
    expect(ms).toBeLessThan(5_000 - 1_000);
  });

  it('slow LangSmith, more sends at once than the client queues itself (5): each delivered and counted', async () => {
    const { server, exporter } = await setup({}, { timeoutMs: 10_000 });
    server.failNext({ delayMs: 300, times: 12 });
    const exports = Array.from({ length: 12 }, (_, i) =>
      exportSpans(exporter, spans(3, `send ${i}`)),
    );
    const results = await Promise.all(exports);
    expect(results.map((r) => r.result.code)).toEqual(Array(12).fill(ExportResultCode.SUCCESS));
    expect(server.runs.size).toBe(36);
    expect(exporter.stats).toEqual({ sentRuns: 36, droppedRuns: 0, pendingRuns: 0 });
  });

  it('404 on /runs/multipart: falls back to /runs/batch for good', async () => {
    const { server, exporter } = await setup({ noMultipart: true });
    expect((await exportSpans(exporter, spans(2))).result.code).toBe(ExportResultCode.SUCCESS);
    expect((await exportSpans(exporter, spans(1))).result.code).toBe(ExportResultCode.SUCCESS);
    expect(server.ingests.map((i) => `${i.path} ${i.status}`)).toEqual([
      '/runs/multipart 404',
      '/runs/batch 202',
      '/runs/batch 202',
    ]);
    expect(server.runs.size).toBe(3);
  });

  it('bounded memory: at most max_queued_runs spans wait for a parent; the oldest become roots', async () => {
    const { server, exporter } = await setup({}, { maxQueuedRuns: 10 });
    memory.reset();
    const parent = tracer.startSpan('agent still running');
    const ctx = trace.setSpan(context.active(), parent);
    for (let i = 0; i < 50; i++) tracer.startSpan(`step ${i}`, {}, ctx).end();
    const { result } = await exportSpans(exporter, memory.getFinishedSpans());
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(exporter.stats.pendingRuns).toBe(10);
    expect(server.runs.size).toBe(40);
    parent.end();
  });

  it('shutdown: sends what is held within its timeout even if LangSmith hangs, then refuses exports', async () => {
    const { server, exporter } = await setup({}, { timeoutMs: 700 });
    memory.reset();
    const parent = tracer.startSpan('never ends');
    tracer.startSpan('held child', {}, trace.setSpan(context.active(), parent)).end();
    await exportSpans(exporter, memory.getFinishedSpans());
    expect(exporter.stats.pendingRuns).toBe(1);
    server.failNext({ delayMs: 10_000 });
    const t0 = Date.now();
    await exporter.shutdown();
    expect(Date.now() - t0).toBeLessThan(700 + 1_000);
    const after = await exportSpans(exporter, spans(1));
    expect(after.result.code).toBe(ExportResultCode.FAILED);
    expect(exporter.stats.pendingRuns).toBe(0);
    parent.end();
  });

  it('hide_inputs / hide_outputs: empty inputs and outputs reach LangSmith', async () => {
    const { server, exporter } = await setup({}, { hideInputs: true, hideOutputs: true });
    await exportSpans(exporter, spans(1, 'secret prompt'));
    const run = [...server.runs.values()][0]!;
    expect(run.inputs).toEqual({});
    expect(run.outputs).toEqual({});
    expect(JSON.stringify(run)).not.toContain('secret prompt');
  });
});
