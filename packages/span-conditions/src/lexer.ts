/** A mistake in a condition, at a 1-based column of its text. */
export class ConditionError extends Error {
  readonly column: number;
  constructor(column: number, message: string) {
    super(`column ${column}: ${message}`);
    this.name = 'ConditionError';
    this.column = column;
  }
}

export type TokenKind = 'ident' | 'string' | 'number' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  /** For strings: the unescaped value; otherwise the text as written. */
  text: string;
  /** 1-based column where the token starts. */
  column: number;
}

const OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '+',
  '-',
  '*',
  '/',
];
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

/** Splits a condition into tokens; OTTL's lexical rules for the subset this package reads. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const column = i + 1;
    if (c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ConditionError(column, 'string is not closed (missing ")');
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\\') {
          const next = text[i + 1];
          if (next === undefined) throw new ConditionError(i + 1, 'string ends inside an escape');
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: value, column });
      continue;
    }
    if (DIGIT.test(c)) {
      let j = i;
      while (j < text.length && /[0-9._eE]/.test(text[j]!)) {
        // An exponent sign belongs to the number: 1e-3.
        if ((text[j] === 'e' || text[j] === 'E') && (text[j + 1] === '-' || text[j + 1] === '+'))
          j++;
        j++;
      }
      const raw = text.slice(i, j);
      if (!Number.isFinite(Number(raw.replaceAll('_', ''))))
        throw new ConditionError(column, `"${raw}" is not a number`);
      tokens.push({ kind: 'number', text: raw.replaceAll('_', ''), column });
      i = j;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j]!)) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), column });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new ConditionError(column, `unexpected character "${c}"`);
    tokens.push({ kind: 'op', text: op, column });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', column: text.length + 1 });
  return tokens;
}
