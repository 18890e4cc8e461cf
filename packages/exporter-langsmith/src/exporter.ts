import { diag } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { type HideContent, hideContent } from './convert/hide.js';
import { type LangSmithRun, spanToRun } from './convert/span-to-run.js';
import { GuardedFetch } from './send/guarded-fetch.js';
import { loadLangSmithClient } from './send/load-client.js';
import { useFastMultipart } from './send/multipart-body.js';
import { RunSender, type SendResult } from './send/run-sender.js';
import { LangSmithSendError } from './send/send-error.js';
import { RecentMap } from './tree/recent-map.js';
import { type PlacedSpan, RunTreeAssembler } from './tree/run-tree-assembler.js';

/** LangSmith cloud, used when neither `apiUrl` nor `LANGSMITH_ENDPOINT` says otherwise. */
export const DEFAULT_LANGSMITH_ENDPOINT = 'https://api.smith.langchain.com';
export const DEFAULT_PROJECT = 'default';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_BATCH_SIZE = 100;
/** The langsmith client's own default request size limit (24 MiB, uncompressed). */
export const DEFAULT_BATCH_SIZE_BYTES = 24 * 1024 * 1024;
export const DEFAULT_MAX_QUEUED_RUNS = 2048;
/**
 * Exports sent side by side by the sdk's export queue, one request each at a time. Chosen by
 * `bench/components/langsmith-throughput.mjs`: 4 let bursts of unpaced callers overflow the
 * queue; 8 absorbs them at the same CPU per run (more only holds more batches in memory).
 */
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_PARENT_WAIT_MS = 5 * 60_000;
/** Placed spans remembered for children that end after their parent. */
export const DEFAULT_MAX_TRACKED_SPANS = 10_000;
/** LangSmith stores at most this many runs of one trace; later ones are dropped here, not sent. */
export const DEFAULT_MAX_RUNS_PER_TRACE = 25_000;

/** How the exporter reports what it drops: `once` logs a message the first time its key is seen. */
export interface DropLogger {
  once(key: string, level: 'warn' | 'error' | 'info' | 'debug', message: string): void;
}

export interface LangSmithSpanExporterOptions {
  /** LangSmith API base URL. Default: `LANGSMITH_ENDPOINT`, else LangSmith cloud. */
  apiUrl?: string | undefined;
  /** Default: `LANGSMITH_API_KEY` (read by the client). */
  apiKey?: string | undefined;
  /** For org-scoped keys. Default: `LANGSMITH_WORKSPACE_ID` (read by the client). */
  workspaceId?: string | undefined;
  /** The LangSmith project runs go to. Default: `LANGSMITH_PROJECT`, else `default`. */
  project?: string | undefined;
  /** Longest one export may take, retries included, in ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Most runs per request. Default 100 (LangSmith's `/info` may lower it). */
  batchSize?: number | undefined;
  /** Most bytes per request (runs as JSON). Default 24 MiB (LangSmith's `/info` may lower it). */
  batchSizeBytes?: number | undefined;
  /**
   * Send `{}` as every run's inputs (and leave the handoff reason and prompt template out of its
   * metadata). Default: `LANGSMITH_HIDE_INPUTS=true`.
   */
  hideInputs?: boolean | undefined;
  /**
   * Send every run's outputs as `{}`, or only `{usage_metadata}` (token counts and cost stay).
   * Default: `LANGSMITH_HIDE_OUTPUTS=true`.
   */
  hideOutputs?: boolean | undefined;
  /** Spans held at most while they wait for their parent span. Default 2048. */
  maxQueuedRuns?: number | undefined;
  /** How long a span waits for its parent before it becomes a root run, in ms. Default 5 min. */
  parentWaitMs?: number | undefined;
  /** Placed spans remembered for late children. Default 10 000. */
  maxTrackedSpans?: number | undefined;
  /** Runs sent per trace at most (LangSmith's limit); later runs are dropped and counted. Default 25 000. */
  maxRunsPerTrace?: number | undefined;
  /** Where drops are reported (once per kind). Default: the OpenTelemetry diag logger. */
  logger?: DropLogger | undefined;
  /** Name in messages. Default `langsmith`. */
  id?: string | undefined;
  /** The fetch the client's requests finally go through (tests). Default: global fetch. */
  fetch?: ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) | undefined;
}

/** Counts since the exporter was created. */
export interface LangSmithExporterStats {
  /** Runs LangSmith accepted. */
  sentRuns: number;
  /**
   * Runs lost: refused, LangSmith unavailable, unconvertible spans, past the per-trace limit, or
   * abandoned at shutdown. Final once `shutdown()` has resolved.
   */
  droppedRuns: number;
  /** Spans held until their parent span is exported. */
  pendingRuns: number;
}

function diagLogger(): DropLogger {
  const seen = new Set<string>();
  return {
    once(key, level, message) {
      if (seen.has(key)) return;
      seen.add(key);
      diag[level](message);
    },
  };
}

/**
 * Exports OpenTelemetry spans to LangSmith as run trees (see the README for the mapping). Sends
 * through the official `langsmith` client; never throws into the caller; an outage costs at most
 * `maxQueuedRuns` held spans plus the batch being sent, and its drops are counted.
 */
export class LangSmithSpanExporter implements SpanExporter {
  readonly #id: string;
  readonly #project: string;
  readonly #timeoutMs: number;
  readonly #parentWaitMs: number;
  readonly #log: DropLogger;
  readonly #fetch: GuardedFetch;
  readonly #sender: RunSender;
  readonly #tree: RunTreeAssembler;
  readonly #hide: HideContent | undefined;
  /** Runs converted per trace (by run trace id), for LangSmith's per-trace limit. */
  readonly #runsPerTrace: RecentMap<string, number>;
  readonly #maxRunsPerTrace: number;
  /**
   * Sends under way. Exports run side by side (the sdk's export queue decides how many, see
   * `concurrency`); each is bounded by its own deadline.
   */
  readonly #sending = new Set<Promise<unknown>>();
  /** Sends whose outcome is not accounted yet; shutdown settles them as abandoned. */
  readonly #unsettled = new Set<{ abandon(): void; settled: Promise<void> }>();
  #sweep: NodeJS.Timeout | undefined;
  #shutdown: Promise<void> | undefined;
  #sent = 0;
  #dropped = 0;
  /** Drops the sdk's export reporter did not see (partial failures, held spans, bad spans). */
  #droppedUnreported = 0;

  constructor(options: LangSmithSpanExporterOptions = {}) {
    const env = process.env;
    this.#id = options.id ?? 'langsmith';
    this.#project = options.project || env.LANGSMITH_PROJECT || DEFAULT_PROJECT;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#parentWaitMs = options.parentWaitMs ?? DEFAULT_PARENT_WAIT_MS;
    this.#log = options.logger ?? diagLogger();
    this.#fetch = new GuardedFetch(options.fetch);
    const hideInputs = options.hideInputs ?? env.LANGSMITH_HIDE_INPUTS === 'true';
    const hideOutputs = options.hideOutputs ?? env.LANGSMITH_HIDE_OUTPUTS === 'true';
    if (hideInputs || hideOutputs) this.#hide = { inputs: hideInputs, outputs: hideOutputs };
    const Client = loadLangSmithClient();
    const client = new Client({
      apiUrl: options.apiUrl || env.LANGSMITH_ENDPOINT || DEFAULT_LANGSMITH_ENDPOINT,
      apiKey: options.apiKey,
      workspaceId: options.workspaceId,
      timeout_ms: this.#timeoutMs,
      // Hidden here, before the client: its hiding would wipe usage and cost with the outputs.
      hideInputs: false,
      hideOutputs: false,
      fetchImplementation: this.#fetch.fetch as never,
      // Runs are batched here, per export; the client's queue and its OTel mode stay off.
      autoBatchTracing: false,
      // Requests are bounded by the sdk's export queue (`concurrency`). The client's own limit
      // (5) would queue a request behind another, where it would start in that one's async
      // context and report its outcome to the wrong send.
      traceBatchConcurrency: Number.POSITIVE_INFINITY,
      tracingMode: 'langsmith',
      blockOnRootRunFinalization: false,
      // Outside the client's own queue (off here) this only makes it serialize in line: without
      // it each of a run's ~5 parts is first walked for a string ≥ 64 KB to hand to a worker
      // thread (~3 % of the exporter's CPU in the bench, for a hop that costs more than it saves).
      manualFlushMode: true,
    });
    useFastMultipart(client);
    this.#sender = new RunSender(client, this.#fetch, {
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      batchSizeBytes: options.batchSizeBytes ?? DEFAULT_BATCH_SIZE_BYTES,
    });
    const maxTracked = options.maxTrackedSpans ?? DEFAULT_MAX_TRACKED_SPANS;
    this.#runsPerTrace = new RecentMap(maxTracked);
    this.#maxRunsPerTrace = options.maxRunsPerTrace ?? DEFAULT_MAX_RUNS_PER_TRACE;
    this.#tree = new RunTreeAssembler({
      maxTracked,
      maxPending: options.maxQueuedRuns ?? DEFAULT_MAX_QUEUED_RUNS,
      parentWaitMs: this.#parentWaitMs,
    });
  }

  get stats(): LangSmithExporterStats {
    return { sentRuns: this.#sent, droppedRuns: this.#dropped, pendingRuns: this.#tree.pending };
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    if (this.#shutdown !== undefined) {
      done({ code: ExportResultCode.FAILED, error: new Error('LangSmith exporter is shut down') });
      return;
    }
    const deadline = Date.now() + this.#timeoutMs;
    let runs: LangSmithRun[];
    try {
      const placed = this.#tree.add(spans);
      for (const p of this.#tree.expire()) placed.push(p);
      runs = this.#convert(placed);
      this.#armSweep();
    } catch (error) {
      this.#drop(spans.length, 'could not be converted', error, false);
      done({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    void this.#enqueue(runs, deadline, (result) => done(this.#settle(result)));
  }

  /** Waits for the sends under way. Spans still waiting for a running parent stay held. */
  async forceFlush(): Promise<void> {
    while (this.#sending.size > 0) await Promise.allSettled([...this.#sending]);
  }

  /**
   * Sends what is held (spans whose parent never ended become roots) and waits for it, at most
   * `timeoutMs`; then aborts whatever is still under way and counts its runs as dropped, so
   * `stats` is final and the drop summary is the exporter's last word when this resolves.
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#close();
    return this.#shutdown;
  }

  async #close(): Promise<void> {
    clearInterval(this.#sweep);
    this.#sweep = undefined;
    const deadline = Date.now() + this.#timeoutMs;
    const held = this.#convert(this.#tree.expire(true));
    void this.#enqueue(held, deadline, (r) => this.#account(r, true));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.forceFlush(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        timer.unref?.();
      }),
    ]);
    clearTimeout(timer);
    this.#fetch.close();
    // What did not finish in time is lost: counted now (an export still waiting fails now),
    // not when the aborted request unwinds after shutdown has answered.
    const unsettled = [...this.#unsettled];
    for (const send of unsettled) send.abandon();
    await Promise.all(unsettled.map((send) => send.settled));
    if (this.#droppedUnreported > 0) {
      this.#log.once(
        `${this.#id}:dropped-total`,
        'warn',
        `exporter ${this.#id} dropped ${this.#droppedUnreported} LangSmith runs outside failed exports (refused, partly sent, or held at an outage)`,
      );
    }
  }

  #convert(placed: readonly PlacedSpan[]): LangSmithRun[] {
    const runs: LangSmithRun[] = [];
    for (const { span, placement } of placed) {
      if (!this.#withinTraceLimit(placement.traceId)) continue;
      try {
        const run = spanToRun(span, placement, this.#project);
        if (this.#hide !== undefined) hideContent(run, this.#hide);
        runs.push(run);
      } catch (error) {
        this.#drop(1, 'could not be converted', error, true);
      }
    }
    return runs;
  }

  /**
   * Counts a run of `traceId`; past LangSmith's limit per trace it is dropped here rather than
   * sent to be refused. Traces are remembered as placed spans are (`maxTrackedSpans`).
   */
  #withinTraceLimit(traceId: string): boolean {
    const count = (this.#runsPerTrace.get(traceId) ?? 0) + 1;
    this.#runsPerTrace.set(traceId, count);
    if (count <= this.#maxRunsPerTrace) return true;
    this.#drop(1, `were past the limit of ${this.#maxRunsPerTrace} runs per trace`, null, true);
    return false;
  }

  /**
   * Sends `runs` after the sends before them and hands the outcome to `settle` exactly once:
   * when the send ends, or when shutdown abandons it (what was delivered so far counts as sent,
   * the rest as unavailable).
   */
  #enqueue(
    runs: LangSmithRun[],
    deadline: number,
    settle: (result: SendResult) => void,
  ): Promise<void> {
    const progress: SendResult = { sent: 0, rejected: 0, unavailable: 0 };
    const send = this.#sender.send(runs, deadline, progress);
    const tracked = send.catch(() => {});
    this.#sending.add(tracked);
    void tracked.finally(() => this.#sending.delete(tracked));
    let abandon!: () => void;
    const abandoned = new Promise<SendResult>((resolve) => {
      abandon = () =>
        resolve({
          sent: progress.sent,
          rejected: progress.rejected,
          unavailable: runs.length - progress.sent - progress.rejected,
          error:
            progress.error ??
            new LangSmithSendError('abandoned at shutdown (export timeout)', 'ETIMEDOUT'),
        });
    });
    const entry = {
      abandon,
      settled: Promise.race([
        send.catch((): SendResult => ({ sent: 0, rejected: runs.length, unavailable: 0 })),
        abandoned,
      ])
        .then(settle)
        .catch(() => {})
        .finally(() => this.#unsettled.delete(entry)),
    };
    this.#unsettled.add(entry);
    return entry.settled;
  }

  /** A whole export that LangSmith could not take fails (the sdk reports it); anything partial is ours to report. */
  #settle(result: SendResult): ExportResult {
    // Nothing went through: an outage, or an endpoint that refuses whatever it is sent (413 even
    // for a small run). The sdk's reporter says it once and counts; nothing partial to say here.
    const whole =
      result.sent === 0 &&
      ((result.unavailable > 0 && result.rejected === 0) || result.refusesAll === true);
    if (whole) {
      this.#dropped += result.unavailable + result.rejected;
      return { code: ExportResultCode.FAILED, error: result.error ?? new Error('not sent') };
    }
    this.#account(result, true);
    return { code: ExportResultCode.SUCCESS };
  }

  #account(result: SendResult, report: boolean): void {
    this.#sent += result.sent;
    if (result.rejected > 0)
      this.#drop(result.rejected, 'were refused by LangSmith', result.error, report);
    if (result.unavailable > 0) {
      this.#drop(result.unavailable, 'could not be delivered', result.error, report);
    }
  }

  #drop(count: number, what: string, error: unknown, unreported: boolean): void {
    this.#dropped += count;
    if (unreported) this.#droppedUnreported += count;
    const why = error instanceof Error ? ` (${describe(error)})` : '';
    this.#log.once(
      `${this.#id}:${what}`,
      'warn',
      `exporter ${this.#id}: ${count} LangSmith runs ${what}${why}; such runs are dropped and counted (summed up at shutdown)`,
    );
  }

  /** While spans wait for a parent, a timer places those that waited too long, even if no span ends. */
  #armSweep(): void {
    if (this.#tree.pending === 0 || this.#sweep !== undefined) return;
    const every = Math.max(100, Math.min(this.#parentWaitMs, 5_000));
    this.#sweep = setInterval(() => {
      // A timer's exception would be the app's uncaught exception: never let one out.
      try {
        const placed = this.#tree.expire();
        if (this.#tree.pending === 0) {
          clearInterval(this.#sweep);
          this.#sweep = undefined;
        }
        if (placed.length === 0) return;
        const runs = this.#convert(placed);
        void this.#enqueue(runs, Date.now() + this.#timeoutMs, (r) => this.#account(r, true));
      } catch (error) {
        this.#log.once(
          `${this.#id}:sweep`,
          'warn',
          `exporter ${this.#id}: placing spans that waited for their parent failed (${error instanceof Error ? describe(error) : String(error)}); those spans are lost`,
        );
      }
    }, every);
    this.#sweep.unref?.();
  }
}

function describe(error: Error): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number') return `HTTP ${code}${error.message ? ` ${error.message}` : ''}`;
  if (typeof code === 'string') return `${code}: ${error.message}`;
  return error.message;
}
