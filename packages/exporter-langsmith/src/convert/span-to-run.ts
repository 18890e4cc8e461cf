import type { Attributes, HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { runError } from './errors.js';
import { type RunEvent, runEvents } from './events.js';
import { runIO } from './io.js';
import { resourceMetadata, runMetadata } from './metadata.js';
import { type RunType, runTypeOf } from './run-type.js';
import { isoMicros, laterOf } from './time.js';

/** Where a run sits in its LangSmith tree (decided by the RunTreeAssembler). */
export interface RunPlacement {
  id: string;
  /** The root run's id. */
  traceId: string;
  parentRunId?: string | undefined;
  dottedOrder: string;
  /** The span's start, moved up to its parent's when it started earlier (clock skew). */
  startTime: HrTime;
}

/** A complete run, posted once (the span has ended, so no later patch is needed). */
export interface LangSmithRun {
  id: string;
  trace_id: string;
  parent_run_id?: string;
  dotted_order: string;
  name: string;
  run_type: RunType;
  start_time: string;
  end_time: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  error?: string;
  events?: RunEvent[];
  extra: { metadata: Record<string, unknown> };
  /** The LangSmith project (its API calls it a session). */
  session_name: string;
}

const resourceCache = new WeakMap<object, Record<string, unknown>>();

function resourceOf(span: ReadableSpan): Record<string, unknown> {
  const resource = span.resource;
  let metadata = resourceCache.get(resource);
  if (metadata === undefined) {
    metadata = resourceMetadata(resource.attributes as Attributes);
    resourceCache.set(resource, metadata);
  }
  return metadata;
}

/** Converts one finished span into the run LangSmith stores for it. Pure apart from a cache. */
export function spanToRun(span: ReadableSpan, at: RunPlacement, project: string): LangSmithRun {
  const attributes = span.attributes;
  const runType = runTypeOf(attributes);
  const { inputs, outputs } = runIO(attributes, runType);
  const ctx = span.spanContext();
  const run: LangSmithRun = {
    id: at.id,
    trace_id: at.traceId,
    dotted_order: at.dottedOrder,
    name: span.name,
    run_type: runType,
    start_time: isoMicros(at.startTime),
    end_time: isoMicros(laterOf(span.endTime, at.startTime)),
    inputs,
    outputs,
    extra: {
      metadata: runMetadata(attributes, resourceOf(span), runType, ctx.traceId, ctx.spanId),
    },
    session_name: project,
  };
  if (at.parentRunId !== undefined) run.parent_run_id = at.parentRunId;
  const error = runError(span);
  if (error !== undefined) run.error = error;
  const events = runEvents(span);
  if (events !== undefined) run.events = events;
  return run;
}
