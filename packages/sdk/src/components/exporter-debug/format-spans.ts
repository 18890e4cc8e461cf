import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { type Attributes, type HrTime, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { DebugExporterConfig } from './config.js';

/** The text one batch prints at a verbosity, ending in a newline. */
export function formatSpans(
  spans: ReadableSpan[],
  verbosity: DebugExporterConfig['verbosity'],
): string {
  const header = `debug: ${spans.length} ${spans.length === 1 ? 'span' : 'spans'}\n`;
  if (verbosity === 'basic') return header;
  if (verbosity === 'normal') return header + formatNormal(spans);
  return header + formatDetailed(spans);
}

/**
 * One line per span, children under their parent when both are in the batch:
 * `  chat gpt-4o   812ms  ok     4bf92f35/00f067aa  openai/gpt-4o  tokens in 120 (cached 100) out 45  finish stop`.
 */
function formatNormal(spans: ReadableSpan[]): string {
  const ordered = treeOrder(spans);
  const nameWidth = Math.min(
    48,
    Math.max(...ordered.map(({ span, depth }) => span.name.length + depth * 2)),
  );
  return ordered
    .map(({ span, depth }) => {
      const name = `${'  '.repeat(depth)}${span.name}`.padEnd(nameWidth);
      const ctx = span.spanContext();
      const error = errorOf(span);
      // Fixed-width columns first, so a glance down the output lines them up.
      const parts = [
        name,
        formatDuration(span.duration).padStart(7),
        (error === undefined ? 'ok' : 'ERROR').padEnd(5),
        `${ctx.traceId.slice(0, 8)}/${ctx.spanId.slice(0, 8)}`,
      ];
      const model = modelOf(span.attributes);
      if (model) parts.push(model);
      const tokens = tokensOf(span.attributes);
      if (tokens) parts.push(tokens);
      const finish = span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
      if (Array.isArray(finish) && finish.length > 0) parts.push(`finish ${finish.join(',')}`);
      if (error) parts.push(error);
      return `  ${parts.join('  ').trimEnd()}\n`;
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

function tokensOf(attributes: Attributes): string | undefined {
  const input = attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
  const output = attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
  if (input === undefined && output === undefined) return undefined;
  const cached = attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS];
  const reasoning = attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS];
  const inText = `${input ?? '?'}${cached ? ` (cached ${cached})` : ''}`;
  const outText = `${output ?? '?'}${reasoning ? ` (reasoning ${reasoning})` : ''}`;
  return `tokens in ${inText} out ${outText}`;
}

/** `undefined` for a span that did not fail, else `error.type: status message` (or `''`). */
function errorOf(span: ReadableSpan): string | undefined {
  const errorType = span.attributes[ATTR_ERROR_TYPE];
  if (span.status.code !== SpanStatusCode.ERROR && errorType === undefined) return undefined;
  return [errorType, span.status.message].filter(Boolean).join(': ');
}

export function formatDuration(duration: HrTime): string {
  const ms = duration[0] * 1e3 + duration[1] / 1e6;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms >= 10) return `${Math.round(ms)}ms`;
  return `${ms.toFixed(1)}ms`;
}

/** The collector's detailed layout: resource once, then every field of every span. */
function formatDetailed(spans: ReadableSpan[]): string {
  let out = '';
  let lastResource: unknown;
  spans.forEach((span, i) => {
    if (span.resource !== lastResource) {
      lastResource = span.resource;
      out += `Resource:\n${formatAttributes(span.resource.attributes, '     -> ')}`;
    }
    const ctx = span.spanContext();
    const scope = span.instrumentationScope;
    out += `Span #${i}\n`;
    const fields: [string, string][] = [
      ['Trace ID', ctx.traceId],
      ['Parent ID', span.parentSpanContext?.spanId ?? ''],
      ['ID', ctx.spanId],
      ['Name', span.name],
      ['Kind', SpanKind[span.kind] ?? String(span.kind)],
      ['Scope', scope.version ? `${scope.name}@${scope.version}` : scope.name],
      ['Start time', hrToIso(span.startTime)],
      ['End time', hrToIso(span.endTime)],
      ['Duration', formatDuration(span.duration)],
      ['Status code', SpanStatusCode[span.status.code] ?? String(span.status.code)],
      ['Status message', span.status.message ?? ''],
    ];
    for (const [k, v] of fields) out += `    ${k.padEnd(15)}: ${v}\n`;
    out += `Attributes:\n${formatAttributes(span.attributes, '     -> ')}`;
    if (span.events.length > 0) {
      out += 'Events:\n';
      span.events.forEach((event, j) => {
        out += `SpanEvent #${j}\n     -> Name: ${event.name}\n     -> Timestamp: ${hrToIso(event.time)}\n`;
        if (event.attributes && Object.keys(event.attributes).length > 0) {
          out += `     -> Attributes:\n${formatAttributes(event.attributes, '         -> ')}`;
        }
      });
    }
    if (span.links.length > 0) {
      out += 'Links:\n';
      span.links.forEach((link, j) => {
        out += `SpanLink #${j}\n     -> Trace ID: ${link.context.traceId}\n     -> ID: ${link.context.spanId}\n`;
      });
    }
  });
  return out;
}

function formatAttributes(attributes: Attributes, prefix: string): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${prefix}${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`)
    .join('');
}

function hrToIso(time: HrTime): string {
  const ms = time[0] * 1e3 + time[1] / 1e6;
  const iso = new Date(Math.floor(ms)).toISOString();
  // Keep microseconds: sub-millisecond LLM streaming events would otherwise tie.
  const micros = String(Math.floor((time[1] / 1e3) % 1e3)).padStart(3, '0');
  return iso.replace('Z', `${micros}Z`);
}
