import { ConditionError, type Token, tokenize } from './lexer.js';
import { ENUMS, type Eval, pathEval, type Value } from './paths.js';

/**
 * Parses one condition and compiles it as it goes: each grammar rule returns the closure that
 * evaluates it, so a condition costs a few calls per span, never a tree walk.
 *
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | compare
 *   compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary)*
 *   unary   := "-" unary | primary
 *   primary := literal | ENUM | Converter "(" args ")" | path | "(" or ")"
 */
export function parseCondition(text: string): Eval {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): Token => tokens[at]!;
  const next = (): Token => tokens[at++]!;
  const isWord = (word: string) => peek().kind === 'ident' && peek().text === word;
  const isOp = (op: string) => peek().kind === 'op' && peek().text === op;
  const describe = (t: Token) =>
    t.kind === 'end'
      ? 'the end'
      : t.kind === 'string'
        ? `the string ${JSON.stringify(t.text)}`
        : `"${t.text}"`;
  const expect = (op: string, what: string) => {
    if (!isOp(op))
      throw new ConditionError(peek().column, `expected ${what}, found ${describe(peek())}`);
    next();
  };

  function or(): Eval {
    let left = and();
    while (isWord('or')) {
      next();
      const l = left;
      const r = and();
      left = (s) => l(s) === true || r(s) === true;
    }
    return left;
  }

  function and(): Eval {
    let left = not();
    while (isWord('and')) {
      next();
      const l = left;
      const r = not();
      left = (s) => l(s) === true && r(s) === true;
    }
    return left;
  }

  function not(): Eval {
    if (isWord('not')) {
      next();
      const inner = not();
      return (s) => inner(s) !== true;
    }
    return compare();
  }

  function compare(): Eval {
    const left = sum();
    const t = peek();
    if (t.kind !== 'op' || !['==', '!=', '<', '<=', '>', '>='].includes(t.text)) return left;
    next();
    const right = sum();
    const cmp = COMPARE[t.text]!;
    return (s) => cmp(left(s), right(s));
  }

  function sum(): Eval {
    let left = product();
    while (isOp('+') || isOp('-')) {
      const op = next().text;
      const l = left;
      const r = product();
      left = op === '+' ? arith(l, r, (a, b) => a + b) : arith(l, r, (a, b) => a - b);
    }
    return left;
  }

  function product(): Eval {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const op = next().text;
      const l = left;
      const r = unary();
      left =
        op === '*' ? arith(l, r, (a, b) => a * b) : arith(l, r, (a, b) => (b === 0 ? NaN : a / b));
    }
    return left;
  }

  function unary(): Eval {
    if (isOp('-')) {
      next();
      const inner = unary();
      return (s) => {
        const v = inner(s);
        return typeof v === 'number' ? -v : null;
      };
    }
    return primary();
  }

  function primary(): Eval {
    const t = next();
    if (t.kind === 'string') return constant(t.text);
    if (t.kind === 'number') return constant(Number(t.text));
    if (t.kind === 'op' && t.text === '(') {
      const inner = or();
      expect(')', '")"');
      return inner;
    }
    if (t.kind !== 'ident')
      throw new ConditionError(t.column, `expected a value, a path or "(", found ${describe(t)}`);
    if (t.text === 'true' || t.text === 'false') return constant(t.text === 'true');
    if (t.text === 'nil') return constant(null);
    if (t.text in ENUMS) return constant(ENUMS[t.text]!);
    if (isOp('(')) return converter(t);
    const parts = [t.text];
    while (isOp('.')) {
      next();
      const part = next();
      if (part.kind !== 'ident')
        throw new ConditionError(part.column, `expected a name after ".", found ${describe(part)}`);
      parts.push(part.text);
    }
    let key: string | undefined;
    if (isOp('[')) {
      next();
      const k = next();
      if (k.kind !== 'string')
        throw new ConditionError(k.column, `expected a quoted key, found ${describe(k)}`);
      key = k.text;
      expect(']', '"]"');
    }
    return pathEval(parts, key, t.column);
  }

  function converter(name: Token): Eval {
    next(); // (
    const args: { eval: Eval; token: Token }[] = [];
    if (!isOp(')')) {
      for (;;) {
        const token = peek();
        args.push({ eval: or(), token });
        if (!isOp(',')) break;
        next();
      }
    }
    expect(')', `"," or ")" in the arguments of ${name.text}`);
    const arity = (n: number) => {
      if (args.length !== n)
        throw new ConditionError(
          name.column,
          `${name.text} takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`,
        );
    };
    switch (name.text) {
      case 'IsMatch': {
        arity(2);
        const pattern = args[1]!.token;
        if (pattern.kind !== 'string' || tokens[tokens.indexOf(pattern) + 1]?.text !== ')')
          throw new ConditionError(
            pattern.column,
            'the pattern of IsMatch must be a quoted string',
          );
        let re: RegExp;
        try {
          re = new RegExp(pattern.text);
        } catch (error) {
          throw new ConditionError(
            pattern.column,
            `bad regular expression: ${(error as Error).message}`,
          );
        }
        const target = args[0]!.eval;
        return (s) => {
          const v = target(s);
          return typeof v === 'string' || typeof v === 'number' ? re.test(String(v)) : false;
        };
      }
      case 'IsString':
      case 'IsInt':
      case 'IsDouble':
      case 'IsBool': {
        arity(1);
        const is = TYPE_TESTS[name.text]!;
        const target = args[0]!.eval;
        return (s) => is(target(s));
      }
      default:
        throw new ConditionError(
          name.column,
          `unknown function "${name.text}" (valid: IsMatch, IsString, IsInt, IsDouble, IsBool)`,
        );
    }
  }

  const result = or();
  if (peek().kind !== 'end')
    throw new ConditionError(
      peek().column,
      `unexpected ${describe(peek())}; expected "and", "or" or the end`,
    );
  return result;
}

const constant =
  (v: Value): Eval =>
  () =>
    v;

function arith(l: Eval, r: Eval, f: (a: number, b: number) => number): Eval {
  return (s) => {
    const a = l(s);
    const b = r(s);
    return typeof a === 'number' && typeof b === 'number' ? f(a, b) : null;
  };
}

const TYPE_TESTS: Record<string, (v: Value) => boolean> = {
  IsString: (v) => typeof v === 'string',
  IsInt: (v) => typeof v === 'number' && Number.isInteger(v),
  IsDouble: (v) => typeof v === 'number' && !Number.isInteger(v),
  IsBool: (v) => typeof v === 'boolean',
};

/**
 * OTTL's comparison rules: nil equals only nil; values of different kinds are never equal and
 * never ordered; numbers order numerically, strings lexically; booleans only compare for equality.
 */
const COMPARE: Record<string, (a: Value, b: Value) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => ordered(a, b) && (a as number) < (b as number),
  '<=': (a, b) => ordered(a, b) && (a as number) <= (b as number),
  '>': (a, b) => ordered(a, b) && (a as number) > (b as number),
  '>=': (a, b) => ordered(a, b) && (a as number) >= (b as number),
};

function ordered(a: Value, b: Value): boolean {
  return (
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'string' && typeof b === 'string')
  );
}
