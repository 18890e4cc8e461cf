import type { ComponentLogger } from '@genai-otel/component';
import {
  ATTR_REDACTION_IGNORED_COUNT,
  ATTR_REDACTION_MASKED_COUNT,
  ATTR_REDACTION_MASKED_KEYS,
  ATTR_REDACTION_REDACTED_COUNT,
  ATTR_REDACTION_REDACTED_KEYS,
} from '@genai-otel/semantic-conventions';
import type { Attributes, Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { SummaryLevel } from './config.js';
import type { RedactionSummary, Redactor } from './redactor.js';

/** The summary's own keys, never removed by `allowed_keys` (as the collector). */
export const SUMMARY_KEYS: readonly string[] = [
  ATTR_REDACTION_REDACTED_KEYS,
  ATTR_REDACTION_REDACTED_COUNT,
  ATTR_REDACTION_MASKED_KEYS,
  ATTR_REDACTION_MASKED_COUNT,
  ATTR_REDACTION_IGNORED_COUNT,
];

/**
 * Redacts each span in `onEnding`, before the cost processor's successors, the connectors and
 * any exporter see it: its attributes (message content, tool arguments and results, retrieval
 * documents included), its events' attributes (exceptions) and its status message. The resource
 * is shared by every span and not redacted here. It fails closed: should redaction itself throw,
 * every string the span holds is replaced, so nothing unredacted goes on.
 */
export class RedactionSpanProcessor implements SpanProcessor {
  readonly #redactor: Redactor;
  readonly #summary: SummaryLevel;
  readonly #log: Pick<ComponentLogger, 'once'> | undefined;

  constructor(
    redactor: Redactor,
    summary: SummaryLevel = 'silent',
    log?: Pick<ComponentLogger, 'once'>,
  ) {
    this.#redactor = redactor;
    this.#summary = summary;
    this.#log = log;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    try {
      this.#redact(span);
    } catch (error) {
      failClosed(span);
      this.#log?.once(
        'redaction-failed',
        'error',
        `redaction failed (${(error as Error)?.message ?? String(error)}): the strings of such spans are replaced by ${FAILED}, not exported as they were`,
      );
    }
  }

  #redact(span: Span): void {
    const summary = this.#summary === 'silent' ? undefined : newSummary();
    this.#redactor.redactAttributes(span.attributes, summary);
    for (const event of span.events) {
      if (event.attributes !== undefined) this.#redactor.redactAttributes(event.attributes);
    }
    const message = span.status.message;
    if (message) {
      const out = this.#redactor.redactString(message);
      if (out !== message) span.status.message = out;
    }
    if (summary !== undefined) writeSummary(span.attributes, summary, this.#summary);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const FAILED = '[REDACTION_FAILED]';

/** Every string of the span (attributes, events, status) replaced: the fail-closed state. */
function failClosed(span: Span): void {
  const wipe = (attributes: Attributes) => {
    for (const key in attributes) {
      const v = attributes[key];
      if (typeof v === 'string' || Array.isArray(v)) attributes[key] = FAILED;
    }
  };
  wipe(span.attributes);
  for (const event of span.events) if (event.attributes !== undefined) wipe(event.attributes);
  if (span.status.message) span.status.message = FAILED;
}

export function newSummary(): RedactionSummary {
  return { redacted: [], masked: [], ignored: 0 };
}

/** The collector's summary attributes: counts at `info`, and sorted keys at `debug`. */
export function writeSummary(
  attributes: Attributes,
  summary: RedactionSummary,
  level: SummaryLevel,
): void {
  if (summary.redacted.length > 0) {
    attributes[ATTR_REDACTION_REDACTED_COUNT] = summary.redacted.length;
    if (level === 'debug')
      attributes[ATTR_REDACTION_REDACTED_KEYS] = summary.redacted.sort().join(',');
  }
  if (summary.masked.length > 0) {
    attributes[ATTR_REDACTION_MASKED_COUNT] = summary.masked.length;
    if (level === 'debug') attributes[ATTR_REDACTION_MASKED_KEYS] = summary.masked.sort().join(',');
  }
  if (summary.ignored > 0) attributes[ATTR_REDACTION_IGNORED_COUNT] = summary.ignored;
}
