import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
} from '@genai-otel/semantic-conventions';
import { writeAttribute } from '@genai-otel/span-attributes';
import { diag, type Span, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { recordError, USER_ABORT_ERROR_TYPE } from './errors.js';
import type { ParseFn } from './internal-types.js';
import { StreamObserver } from './stream.js';
import type { ApiHandler, Settings, StreamAccumulator } from './types.js';

const USER_ABORT_MESSAGE = 'Request was aborted.';

/** What one hooked APIPromise had before we hooked it, and the call it belongs to. */
export interface PromiseHooks {
  readonly state: CallState;
  readonly parse: ParseFn;
  readonly asResponse: () => Promise<unknown>;
  readonly thenUnwrap: ((transform: unknown) => unknown) | undefined;
}

/**
 * One traced call: its span and what is needed to end it exactly once. To keep the per-call
 * garbage down it is also the hooks record of the call's own APIPromise and, for a streamed
 * call, the iterator the stream's consumers pull.
 */
export class CallState extends StreamObserver implements PromiseHooks {
  ended = false;
  /** Set when the SDK starts parsing the body: then the parse, not `asResponse()`, ends the span. */
  parseStarted = false;
  /** The body was handed over once; promises derived by `_thenUnwrap` see it again. */
  private valueSeen = false;
  // The call's own APIPromise before hooking (see `adopt`).
  parse!: ParseFn;
  asResponse!: () => Promise<unknown>;
  thenUnwrap: ((transform: unknown) => unknown) | undefined = undefined;
  private accumulator: StreamAccumulator | undefined = undefined;
  /** `performance.now()` at the start of a streamed call, and at its first chunk (-1 before). */
  private readonly startTime: number;
  private firstChunkTime = -1;

  /** The instrumentation's tracer, for the child spans a stream's accumulator may start. */
  tracer!: Tracer;

  constructor(
    readonly span: Span,
    private readonly handler: ApiHandler,
    private readonly settings: Settings,
    private readonly streaming: boolean,
    private readonly hideUsageOnlyChunks: boolean,
    /** The request's own abort signal, for a stream with no controller to watch (see `observe`). */
    private readonly requestSignal: AbortSignal | undefined,
  ) {
    super();
    this.startTime = streaming ? performance.now() : 0;
  }

  get state(): CallState {
    return this;
  }

  /** True once the call's own APIPromise is hooked: derived promises get hooks of their own. */
  get adopted(): boolean {
    return this.parse !== undefined;
  }

  adopt(
    parse: ParseFn,
    asResponse: () => Promise<unknown>,
    thenUnwrap: ((transform: unknown) => unknown) | undefined,
  ): this {
    this.parse = parse;
    this.asResponse = asResponse;
    this.thenUnwrap = thenUnwrap;
    return this;
  }

  fail(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.unwatchAbort();
    try {
      // A stream that broke still tells what it got that far.
      this.finishStream();
      recordError(this.span, error);
    } catch (bookkeeping) {
      diag.debug('genai-otel: recording an error failed', bookkeeping);
    }
    this.span.end();
  }

  /** The parsed body arrived: record it, or trace the stream it is. Returns it untouched. */
  onValue(value: unknown): unknown {
    if (this.ended || this.valueSeen) return value;
    this.valueSeen = true;
    try {
      if (this.streaming) {
        this.accumulator = this.handler.newAccumulator(
          this.settings,
          this.hideUsageOnlyChunks,
          this.span,
          this.tracer,
        );
        const stream = this.handler.streamOf ? this.handler.streamOf(value) : value;
        if (this.observe(stream, this.requestSignal)) return value;
      } else {
        this.handler.onResult(this.span, value, this.settings);
      }
    } catch (bookkeeping) {
      diag.debug('genai-otel: recording a result failed', bookkeeping);
    }
    this.end();
    return value;
  }

  protected onChunk(chunk: unknown): boolean {
    if (this.firstChunkTime < 0) this.firstChunkTime = performance.now();
    const accumulator = this.accumulator!;
    const hide = accumulator.onChunk(chunk);
    // The call said it is over: the span ends here, however long the caller keeps the stream.
    if (accumulator.complete === true) this.endStream(true, undefined);
    return hide;
  }

  protected endStream(sourceDone: boolean, signal: AbortSignal | undefined): void {
    if (this.ended) return;
    try {
      this.finishStream();
      // The SDK ends an aborted stream quietly; an abort still cut the operation short.
      if (sourceDone && signal?.aborted) {
        this.span.setAttribute(ATTR_ERROR_TYPE, USER_ABORT_ERROR_TYPE);
        this.span.recordException({ name: USER_ABORT_ERROR_TYPE, message: USER_ABORT_MESSAGE });
        this.span.setStatus({ code: SpanStatusCode.ERROR, message: USER_ABORT_MESSAGE });
      }
    } catch (bookkeeping) {
      diag.debug('genai-otel: recording a stream failed', bookkeeping);
    }
    this.end();
  }

  /** Never read: nothing came back to record (no chunk, no usage) but the request. */
  protected endUnread(handedOver: number): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end(handedOver);
  }

  private finishStream(): void {
    const accumulator = this.accumulator;
    if (accumulator === undefined) return;
    if (this.firstChunkTime >= 0) {
      const seconds = (this.firstChunkTime - this.startTime) / 1000;
      writeAttribute(this.span, ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, seconds);
    }
    accumulator.finish(this.span);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.unwatchAbort();
    this.span.end();
  }
}
