import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import { expandEnv } from './env-expand.js';
import { type Path, type Position, PositionIndex, pathKey } from './positions.js';
import type { EnvSource } from './types.js';

/** A problem found while reading the document, already positioned. */
export interface LocatedIssue {
  path: Path;
  message: string;
  line: number;
  column: number;
}

export interface ParsedDocument {
  /** Plain JSON-like data: objects, arrays, strings, numbers, booleans, null. */
  value: unknown;
  /** Position of the document's top node, for errors about the whole file. */
  root: Position;
  positions: PositionIndex;
  /** Duplicate keys, bad env references and the like; the document is still usable. */
  issues: LocatedIssue[];
  /** Values that came whole from one `${…}`: the variable's text, kept for string settings. */
  substitutions: Map<string, string>;
  /** Paths whose value could not be expanded: later errors there would only repeat the cause. */
  poisoned: Path[];
}

export type ReadResult =
  | { ok: true; document: ParsedDocument }
  | { ok: false; syntaxIssues: LocatedIssue[] };

/** What YAML 1.2 calls non-printable (outside `c-printable`), lone surrogates included. */
const NON_PRINTABLE = new RegExp(
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u0084\\u0086-\\u009F\\uFFFE\\uFFFF]' +
    '|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  'u',
);

/** 1-based line and column of an offset, as the parser's LineCounter gives them. */
export function offsetPosition(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

// An alias may point at a large subtree; expanding aliases of aliases grows exponentially.
const MAX_ALIAS_EXPANSIONS = 1000;

/**
 * Parses YAML keeping every node's position, then turns it into plain data while expanding env
 * references on string scalars. Expanding after parsing (as the collector does) keeps positions
 * exact and never lets a variable's value inject YAML structure into the file's text.
 */
export function readYaml(source: string, env: EnvSource): ReadResult {
  // Editors do not count a byte-order mark as a column.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  // YAML allows only printable characters (tab, line ends and the printable ranges); the parser
  // would keep a NUL or an escape in a value without a word.
  const bad = NON_PRINTABLE.exec(text);
  if (bad !== null) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return {
      ok: false,
      syntaxIssues: [
        {
          path: [],
          message: `control character U+${code} is not allowed in a YAML file (binary data or a bad copy?)`,
          ...offsetPosition(text, bad.index),
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    // Duplicates are reported by the walker below, with a path and the first definition's line.
    uniqueKeys: false,
    merge: false,
    version: '1.2',
    schema: 'core',
  });
  const toPos = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const first = doc.errors[0];
  if (first !== undefined) {
    // The parser's recovery after the first error yields a cascade of follow-on errors that
    // only obscure the one to fix.
    return {
      ok: false,
      syntaxIssues: [
        {
          path: [],
          message: syntaxMessage(first.code, first.message, text, first.pos[0]),
          ...toPos(first.pos[0]),
        },
      ],
    };
  }

  const walker = new Walker(doc, env, toPos);
  const contents = doc.contents;
  const value = contents === null ? null : walker.convert(contents, [], undefined);
  return {
    ok: true,
    document: {
      value,
      root: contents?.range ? toPos(contents.range[0]) : { line: 1, column: 1 },
      positions: walker.positions,
      issues: walker.issues,
      substitutions: walker.substitutions,
      poisoned: walker.poisoned,
    },
  };
}

function syntaxMessage(code: string, message: string, text: string, offset: number): string {
  if (code === 'MULTIPLE_DOCS') {
    return 'a config file holds a single YAML document; remove the "---" and what follows';
  }
  // `{ port: ${env:PORT} }`: in a flow collection "{" ends a plain scalar. Say how to fix it.
  if (text[offset] === '{' && text[offset - 1] === '$') {
    return `YAML syntax error: ${message} (inside [ ] or { }, quote a value that holds \${...}, e.g. "\${env:VAR}")`;
  }
  return `YAML syntax error: ${message}`;
}

class Walker {
  readonly positions = new PositionIndex();
  readonly issues: LocatedIssue[] = [];
  readonly substitutions = new Map<string, string>();
  readonly poisoned: Path[] = [];
  #aliases = 0;

  constructor(
    private readonly doc: Document,
    private readonly env: EnvSource,
    private readonly toPos: (offset: number) => Position,
  ) {}

  convert(node: unknown, path: Path, keyPos: Position | undefined): unknown {
    const valuePos = this.#valuePos(node);
    this.positions.set(path, { key: keyPos, value: valuePos });

    if (isAlias(node)) {
      if (++this.#aliases > MAX_ALIAS_EXPANSIONS) {
        this.#issue(path, valuePos ?? keyPos, 'too many alias expansions (*alias)');
        return null;
      }
      const target = node.resolve(this.doc);
      if (target === undefined) {
        // The parser leaves it null without a word: the user meant some value, so say which.
        this.#issue(
          path,
          valuePos ?? keyPos,
          `undefined alias *${node.source}: no anchor &${node.source} is defined before it`,
        );
        this.poisoned.push(path);
        return null;
      }
      const value = this.convert(target, path, keyPos);
      // The alias is where the user wrote this value; nested errors point into the anchor.
      this.positions.set(path, { key: keyPos, value: valuePos });
      return value;
    }
    if (isMap(node)) return this.#convertMap(node.items, path);
    if (isSeq(node))
      return node.items.map((item, i) => this.convert(item, [...path, i], undefined));
    if (isScalar(node)) return this.#convertScalar(node.value, path, valuePos ?? keyPos);
    return null;
  }

  #convertMap(pairs: readonly { key: unknown; value: unknown }[], path: Path): unknown {
    const out: Record<string, unknown> = {};
    const seen = new Map<string, Position>();
    const merges: { value: unknown; pos: Position | undefined }[] = [];

    for (const pair of pairs) {
      const keyNode = pair.key;
      const keyPos = this.#valuePos(keyNode);
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<') {
        const merged = this.convert(pair.value, [...path, '<<'], keyPos);
        merges.push({ value: merged, pos: keyPos });
        continue;
      }
      if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) {
        this.#issue(path, keyPos, 'keys must be plain text, not a mapping or a list');
        continue;
      }
      const key = String(keyNode.value);
      const first = seen.get(key);
      if (first !== undefined) {
        this.#issue(
          [...path, key],
          keyPos,
          `duplicate key ${JSON.stringify(key)} (first defined at line ${first.line})`,
        );
      }
      seen.set(key, keyPos ?? { line: 1, column: 1 });
      setOwn(out, key, this.convert(pair.value, [...path, key], keyPos));
    }

    // YAML merge keys (`<<: *defaults`): explicit keys win, then earlier merge sources.
    for (const { value, pos } of merges) {
      const sources = Array.isArray(value) ? value : [value];
      for (const source of sources) {
        if (source === null || typeof source !== 'object' || Array.isArray(source)) {
          this.#issue(
            [...path, '<<'],
            pos,
            'a merge key "<<" takes a mapping or a list of mappings',
          );
          continue;
        }
        for (const [key, v] of Object.entries(source)) {
          if (Object.hasOwn(out, key)) continue;
          setOwn(out, key, v);
          this.positions.set([...path, key], { key: pos, value: pos });
        }
      }
    }
    return out;
  }

  #convertScalar(value: unknown, path: Path, pos: Position | undefined): unknown {
    if (typeof value === 'number') {
      // No setting wants .inf or .nan, and an integer past 2^53 is silently another number.
      if (!Number.isFinite(value)) {
        this.#issue(path, pos, `must be a finite number (got ${value})`);
        this.poisoned.push(path);
      } else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        this.#issue(
          path,
          pos,
          `is too large a number to hold exactly: at most ${Number.MAX_SAFE_INTEGER} (got ${value})`,
        );
        this.poisoned.push(path);
      }
      return value;
    }
    if (typeof value !== 'string') return value;
    const expansion = expandEnv(value, this.env);
    switch (expansion.kind) {
      case 'unchanged':
        return value;
      case 'string':
        return expansion.value;
      case 'whole':
        this.substitutions.set(pathKey(path), expansion.text);
        return typedValue(expansion.text);
      case 'error':
        for (const message of expansion.messages) this.#issue(path, pos, message);
        this.poisoned.push(path);
        return value;
    }
  }

  #valuePos(node: unknown): Position | undefined {
    const range = (node as Node | null)?.range;
    if (range === undefined || range === null) return undefined;
    // An empty value (`debug:`) has a zero-width range at the end of the line: not useful.
    if (isScalar(node) && node.value === null && range[0] === range[1]) return undefined;
    return this.toPos(range[0]);
  }

  #issue(path: Path, pos: Position | undefined, message: string): void {
    const { line, column } = pos ?? { line: 1, column: 1 };
    this.issues.push({ path, message, line, column });
  }
}

/**
 * The YAML type of a variable's text, as the collector gives it when the variable is the whole
 * value: `4318` is a number, `true` a boolean, `[a, b]` a list. Text that is not valid YAML on its
 * own stays a string, and so does empty text.
 */
function typedValue(text: string): unknown {
  if (text.trim() === '') return text;
  const doc = parseDocument(text, { version: '1.2', schema: 'core', prettyErrors: false });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return text;
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  // A comment-only text parses as null; the user meant the text.
  return value === null && !/^\s*(null|Null|NULL|~)\s*$/.test(text) ? text : value;
}

/** Assigns without ever touching the prototype (a key named `__proto__` is just a key). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
