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
