import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { DebugExporterConfig } from './config.js';
import { batchHeader, formatDuration, formatMs, plural } from './format-common.js';
import { formatDetailed } from './format-detailed.js';

/** The text one batch prints at a verbosity, ending in a newline. */
export function formatSpans(
  spans: ReadableSpan[],
  verbosity: DebugExporterConfig['verbosity'],
): string {
  const header = `${batchHeader(plural(spans.length, 'span'), spans[0]?.resource.attributes)}\n`;
  if (verbosity === 'basic') return header;
  if (verbosity === 'normal') return header + formatNormal(spans);
  return header + formatDetailed(spans);
}

/**
 * One line per span, children under their parent when both are in the batch, in columns:
 * name, duration, status, trace/span ids, provider/model, tokens, time to first chunk, finish
 * reasons, error.
 */
function formatNormal(spans: ReadableSpan[]): string {
  const rows = treeOrder(spans).map(({ span, depth }) => {
    const ctx = span.spanContext();
    const error = errorOf(span);
    const finish = span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
    return [
      `${'  '.repeat(depth)}${span.name}`,
      formatDuration(span.duration),
      error === undefined ? 'ok' : 'ERROR',
      `${ctx.traceId.slice(0, 8)}/${ctx.spanId.slice(0, 8)}`,
      modelOf(span.attributes) ?? '',
      tokensOf(span.attributes) ?? '',
      ttfcOf(span.attributes) ?? '',
      Array.isArray(finish) && finish.length > 0 ? `finish ${finish.join(',')}` : '',
      error ?? '',
    ];
  });
  return columns(rows, { rightAligned: [1], maxWidth: { 0: 48 } });
}

/**
 * Pads every cell to its column's width (two spaces apart), so values line up down the batch;
 * columns empty in every row take no room. The last column is free text (the error): it starts
 * at the column after the row's last other value, rather than far out on its own.
 */
function columns(
  rows: string[][],
  options: { rightAligned: number[]; maxWidth: Record<number, number> },
): string {
  const count = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: count }, (_, c) =>
    Math.min(options.maxWidth[c] ?? Infinity, Math.max(...rows.map((r) => r[c]?.length ?? 0))),
  );
  return rows
    .map((row) => {
      const filled = row.flatMap((cell, c) => (cell === '' ? [] : [c]));
      const last = filled.at(-1) ?? 0;
      const padUntil = last === count - 1 ? (filled.at(-2) ?? -1) : last - 1;
      const cells: string[] = [];
      for (let c = 0; c <= padUntil; c++) {
        const width = widths[c] ?? 0;
        if (width === 0) continue;
        const cell = row[c] ?? '';
        cells.push(options.rightAligned.includes(c) ? cell.padStart(width) : cell.padEnd(width));
      }
      cells.push(row[last] ?? '');
      return `  ${cells.join('  ')}\n`;
    })
    .join('');
}

/** Depth-first order: roots (or spans whose parent is not in this batch) by start time. */
function treeOrder(spans: ReadableSpan[]): { span: ReadableSpan; depth: number }[] {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    if (parentId && byId.has(parentId)) {
      const list = children.get(parentId) ?? [];
      list.push(span);
      children.set(parentId, list);
    } else {
      roots.push(span);
    }
  }
  const byStart = (a: ReadableSpan, b: ReadableSpan) =>
    a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1];
  const out: { span: ReadableSpan; depth: number }[] = [];
  const visit = (span: ReadableSpan, depth: number) => {
    out.push({ span, depth });
    for (const child of (children.get(span.spanContext().spanId) ?? []).sort(byStart)) {
      visit(child, depth + 1);
    }
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  return out;
}

function modelOf(attributes: Attributes): string | undefined {
  const provider = attributes[ATTR_GEN_AI_PROVIDER_NAME];
  const model = attributes[ATTR_GEN_AI_RESPONSE_MODEL] ?? attributes[ATTR_GEN_AI_REQUEST_MODEL];
  if (provider === undefined && model === undefined) return undefined;
  return [provider, model].filter((v) => v !== undefined).join('/');
}

/** `tokens in 120 (cached 100) out 45 (reasoning 12)`; a side that was not reported is left out. */
function tokensOf(attributes: Attributes): string | undefined {
  const input = attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
  const output = attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
  if (input === undefined && output === undefined) return undefined;
  const cached = attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS];
  const reasoning = attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS];
  const parts = ['tokens'];
  if (input !== undefined) parts.push(`in ${input}${cached ? ` (cached ${cached})` : ''}`);
  if (output !== undefined)
    parts.push(`out ${output}${reasoning ? ` (reasoning ${reasoning})` : ''}`);
  return parts.join(' ');
}

/** `ttfc 12ms`: how long a streamed response took to its first chunk (recorded in seconds). */
function ttfcOf(attributes: Attributes): string | undefined {
  const seconds = attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return undefined;
  return `ttfc ${formatMs(seconds * 1000)}`;
}

/**
 * `undefined` for a span that did not fail, else `error <error.type>: <status message>`, the
 * message without the type it often starts with (`404 The model …` → `error 404: The model …`).
 */
function errorOf(span: ReadableSpan): string | undefined {
  const type = span.attributes[ATTR_ERROR_TYPE];
  if (span.status.code !== SpanStatusCode.ERROR && type === undefined) return undefined;
  let message = span.status.message?.trim() ?? '';
  const typeText = type === undefined ? '' : String(type);
  if (typeText && message.startsWith(typeText)) {
    const rest = message.slice(typeText.length);
    if (rest === '' || /^[\s:]/.test(rest)) message = rest.replace(/^[\s:]+/, '');
  }
  if (typeText && message) return `error ${typeText}: ${message}`;
  if (typeText) return `error ${typeText}`;
  return message ? `error: ${message}` : 'error';
}
