import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { ConditionError, checkConditions, compileCondition, compileConditions } from './index.js';

const memory = new InMemorySpanExporter();
const provider = new TracerProvider({
  resource: resourceFromAttributes({
    'service.name': 'revops',
    'deployment.environment.name': 'prod',
  }),
  spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
});
const tracer = provider.getTracer('deals', '2.1.0');

function span(
  name: string,
  attributes: Record<string, string | number | boolean | string[]>,
  opts: { kind?: SpanKind; error?: string; ms?: number } = {},
): ReadableSpan {
  memory.reset();
  const start = 1_700_000_000_000;
  const s = tracer.startSpan(name, {
    kind: opts.kind ?? SpanKind.INTERNAL,
    attributes,
    startTime: start,
  });
  if (opts.error) s.setStatus({ code: SpanStatusCode.ERROR, message: opts.error });
  s.end(start + (opts.ms ?? 1500));
  return memory.getFinishedSpans()[0]!;
}

const deal = span('deal_assessment', {
  status: 'completed',
  'agents.invoked': 4,
  score: 0.82,
  tags: ['a'],
  hot: true,
});
const failed = span('deal_assessment', { status: 'failed' }, { error: 'timeout', ms: 45_000 });
const server = span('POST /assess', { 'http.route': '/assess' }, { kind: SpanKind.SERVER, ms: 20 });

const holds = (text: string, s: ReadableSpan) => compileCondition(text)(s);

describe('conditions (the OTTL subset)', () => {
  it('compare paths with literals and enums', () => {
    expect(holds('name == "deal_assessment"', deal)).toBe(true);
    expect(holds('name != "deal_assessment"', deal)).toBe(false);
    expect(holds('attributes["status"] == "completed"', deal)).toBe(true);
    expect(holds('attributes["agents.invoked"] >= 4 and attributes["score"] > 0.8', deal)).toBe(
      true,
    );
    expect(holds('attributes["agents.invoked"] > 4', deal)).toBe(false);
    expect(holds('attributes["hot"] == true', deal)).toBe(true);
    expect(holds('kind == SPAN_KIND_SERVER', server)).toBe(true);
    expect(holds('kind == SPAN_KIND_SERVER', deal)).toBe(false);
    expect(holds('kind.string == "Server"', server)).toBe(true);
    expect(holds('status.code == STATUS_CODE_ERROR', failed)).toBe(true);
    expect(holds('status.code == STATUS_CODE_ERROR', deal)).toBe(false);
    expect(holds('status.message == "timeout"', failed)).toBe(true);
    expect(holds('resource.attributes["service.name"] == "revops"', deal)).toBe(true);
    expect(
      holds(
        'instrumentation_scope.name == "deals" and instrumentation_scope.version == "2.1.0"',
        deal,
      ),
    ).toBe(true);
  });

  it('durations by arithmetic on the nanosecond times', () => {
    expect(
      holds('end_time_unix_nano - start_time_unix_nano > 30 * 1000 * 1000 * 1000', failed),
    ).toBe(true);
    expect(holds('end_time_unix_nano - start_time_unix_nano > 30000000000', deal)).toBe(false);
    expect(holds('(end_time_unix_nano - start_time_unix_nano) / 1000000 == 1500', deal)).toBe(true);
  });

  it('nil, missing attributes and mixed kinds follow OTTL: never equal, never ordered', () => {
    expect(holds('attributes["missing"] == nil', deal)).toBe(true);
    expect(holds('attributes["missing"] != nil', deal)).toBe(false);
    expect(holds('attributes["missing"] < 3', deal)).toBe(false);
    expect(holds('attributes["missing"] >= 3', deal)).toBe(false);
    expect(holds('attributes["status"] > 3', deal)).toBe(false);
    expect(holds('attributes["status"] == 3', deal)).toBe(false);
    expect(holds('attributes["status"] > "b"', deal)).toBe(true);
    expect(holds('attributes["hot"] > false', deal)).toBe(false);
    expect(holds('attributes["tags"] == "a"', deal)).toBe(false);
  });

  it('and, or, not, parentheses with their precedence', () => {
    expect(
      holds(
        'name == "x" or attributes["status"] == "completed" and attributes["hot"] == true',
        deal,
      ),
    ).toBe(true);
    expect(
      holds(
        '(name == "x" or attributes["status"] == "completed") and not attributes["hot"] == true',
        deal,
      ),
    ).toBe(false);
    expect(holds('not not name == "deal_assessment"', deal)).toBe(true);
  });

  it('converters: IsMatch with a compiled pattern, type tests', () => {
    expect(holds('IsMatch(name, "^deal_")', deal)).toBe(true);
    expect(holds('IsMatch(attributes["http.route"], "^/assess$")', server)).toBe(true);
    expect(holds('IsMatch(attributes["missing"], ".*")', deal)).toBe(false);
    expect(
      holds(
        'IsString(attributes["status"]) and IsInt(attributes["agents.invoked"]) and IsDouble(attributes["score"]) and IsBool(attributes["hot"])',
        deal,
      ),
    ).toBe(true);
  });

  it('a list of conditions selects a span when any holds; an empty list selects all', () => {
    const p = compileConditions(['status.code == STATUS_CODE_ERROR', 'kind == SPAN_KIND_SERVER']);
    expect([deal, failed, server].map(p)).toEqual([false, true, true]);
    expect(compileConditions([])(deal)).toBe(true);
  });

  it('mistakes name their column and what was expected', () => {
    const issue = (text: string) => checkConditions([text])[0];
    expect(issue('name == "deal')).toEqual({
      index: 0,
      column: 9,
      message: 'column 9: string is not closed (missing ")',
    });
    expect(issue('attributes["a"] == 1 and')?.message).toBe(
      'column 25: expected a value, a path or "(", found the end',
    );
    expect(issue('nme == "x"')?.message).toMatch(
      /^column 1: unknown path "nme" \(valid paths: name, kind, /,
    );
    expect(issue('attributes == "x"')?.message).toBe(
      'column 1: attributes needs a key, e.g. attributes["gen_ai.request.model"]',
    );
    expect(issue('name == "a" "b"')?.message).toBe(
      'column 13: unexpected the string "b"; expected "and", "or" or the end',
    );
    expect(issue('(name == "a"')?.message).toBe('column 13: expected ")", found the end');
    expect(issue('IsMatch(name, attributes["p"])')?.message).toBe(
      'column 15: the pattern of IsMatch must be a quoted string',
    );
    expect(issue('IsMatch(name, "(")')?.message).toMatch(/^column 15: bad regular expression: /);
    expect(issue('IsMatch(name)')?.message).toBe('column 1: IsMatch takes 2 arguments, got 1');
    expect(issue('Lower(name) == "x"')?.message).toBe(
      'column 1: unknown function "Lower" (valid: IsMatch, IsString, IsInt, IsDouble, IsBool)',
    );
    expect(issue('name = "x"')?.message).toBe('column 6: unexpected character "="');
    expect(checkConditions(['name == "ok"', 'kind ==', 'name == "ok"'])).toEqual([
      { index: 1, column: 8, message: 'column 8: expected a value, a path or "(", found the end' },
    ]);
    expect(() => compileCondition('kind ==')).toThrow(ConditionError);
  });
});
