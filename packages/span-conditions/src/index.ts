import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ConditionError } from './lexer.js';
import { parseCondition } from './parse.js';

export { ConditionError } from './lexer.js';
export { ENUMS, PATH_NAMES, type Value } from './paths.js';

export type SpanPredicate = (span: ReadableSpan) => boolean;

/** One condition, compiled; throws a ConditionError naming the column of the mistake. */
export function compileCondition(text: string): SpanPredicate {
  const evaluate = parseCondition(text);
  return (span) => evaluate(span) === true;
}

/** A mistake in the `index`-th condition of a list. */
export interface ConditionIssue {
  index: number;
  column: number;
  message: string;
}

/** The mistakes in a list of conditions (empty when all compile). */
export function checkConditions(texts: readonly string[]): ConditionIssue[] {
  const issues: ConditionIssue[] = [];
  texts.forEach((text, index) => {
    try {
      parseCondition(text);
    } catch (error) {
      if (!(error instanceof ConditionError)) throw error;
      issues.push({ index, column: error.column, message: error.message });
    }
  });
  return issues;
}

/**
 * The collector's rule for a component's `conditions` list: a span is selected when ANY of them
 * holds; an empty list selects every span. Throws on the first condition that does not compile.
 */
export function compileConditions(texts: readonly string[]): SpanPredicate {
  const predicates = texts.map(compileCondition);
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0]!;
  return (span) => {
    for (const p of predicates) if (p(span)) return true;
    return false;
  };
}
