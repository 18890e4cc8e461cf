import {
  ATTR_REDACTION_BODY_MASKED_COUNT,
  ATTR_REDACTION_BODY_MASKED_KEYS,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import type { SummaryLevel } from './config.js';
import { newSummary, writeSummary } from './redaction-span-processor.js';
import type { Redactor } from './redactor.js';

/** A log record's body as the OpenTelemetry logs API types it (`AnyValue`). */
export type LogBody =
  | string
  | number
  | boolean
  | null
  | undefined
  | Uint8Array
  | LogBody[]
  | { [key: string]: LogBody };

export interface LogRecordParts {
  body?: LogBody;
  attributes?: Attributes;
}

/**
 * A log record's body and attributes redacted by the same engine as spans, without touching the
 * input: a logs pipeline sets what comes back (`record.setBody`, `setAttributes`). A string body
 * holding JSON is redacted inside and stays JSON; a map body has its keys checked against
 * `blocked_key_patterns` at any depth, as the collector does. Values that did not change are
 * returned as the same objects.
 */
export function redactLogRecord(
  redactor: Redactor,
  record: LogRecordParts,
  summaryLevel: SummaryLevel = 'silent',
): { body: LogBody; attributes: Attributes; changed: boolean } {
  const summary = summaryLevel === 'silent' ? undefined : newSummary();
  const attributes: Attributes = { ...(record.attributes ?? {}) };
  redactor.redactAttributes(attributes, summary);
  const bodyMasked: string[] = [];
  const body = redactor.redactStructured(record.body, 'body', bodyMasked) as LogBody;
  let changed = body !== record.body;
  if (summary !== undefined) {
    writeSummary(attributes, summary, summaryLevel);
    if (bodyMasked.length > 0) {
      attributes[ATTR_REDACTION_BODY_MASKED_COUNT] = bodyMasked.length;
      if (summaryLevel === 'debug')
        attributes[ATTR_REDACTION_BODY_MASKED_KEYS] = bodyMasked.sort().join(',');
    }
  }
  const before = record.attributes ?? {};
  if (!changed) {
    const keys = Object.keys(attributes);
    changed =
      keys.length !== Object.keys(before).length || keys.some((k) => attributes[k] !== before[k]);
  }
  return { body, attributes: changed ? attributes : before, changed };
}

/** The fields of a log record (`ReadableLogRecord` of @opentelemetry/sdk-logs) a copy keeps. */
export interface ReadableLogRecordLike extends LogRecordParts {
  readonly hrTime: unknown;
  readonly hrTimeObserved: unknown;
  readonly spanContext?: unknown;
  readonly severityText?: string;
  readonly severityNumber?: number;
  readonly eventName?: string;
  readonly resource: unknown;
  readonly instrumentationScope: unknown;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

/**
 * A logs pipeline's redaction step: the record itself when nothing changed, else a new plain
 * record with the redacted body and attributes. Never the record mutated: one record may reach
 * several pipelines, and the SDK's records keep their fields behind getters (a spread would lose
 * them), so each field is copied by name.
 */
export function redactReadableLogRecord<R extends { readonly attributes: Attributes }>(
  redactor: Redactor,
  input: R,
  summaryLevel: SummaryLevel = 'silent',
): R {
  // The SDK types a body as `AnyValue`: the same shapes as LogBody.
  const record = input as unknown as ReadableLogRecordLike;
  const { body, attributes, changed } = redactLogRecord(redactor, record, summaryLevel);
  if (!changed) return input;
  return {
    hrTime: record.hrTime,
    hrTimeObserved: record.hrTimeObserved,
    spanContext: record.spanContext,
    severityText: record.severityText,
    severityNumber: record.severityNumber,
    body,
    eventName: record.eventName,
    resource: record.resource,
    instrumentationScope: record.instrumentationScope,
    attributes,
    droppedAttributesCount: record.droppedAttributesCount,
  } satisfies ReadableLogRecordLike as unknown as R;
}
