/** Where each value of the parsed document came from, so any later error can name a line. */

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface Position {
  line: number;
  column: number;
}

interface NodePositions {
  /** The key of a mapping entry. */
  key?: Position;
  /** The value node; absent for an empty value (`debug:`), which has no text of its own. */
  value?: Position;
}

/** `exporters.otlp_http/jaeger.timeout`, `service.pipelines.traces.exporters[1]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export function pathKey(path: Path): string {
  return JSON.stringify(path);
}

export function isUnder(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

export class PositionIndex {
  readonly #entries = new Map<string, NodePositions>();

  set(path: Path, positions: NodePositions): void {
    this.#entries.set(pathKey(path), positions);
  }

  setValue(path: Path, value: Position | undefined): void {
    const entry = this.#entries.get(pathKey(path)) ?? {};
    this.#entries.set(pathKey(path), { ...entry, value });
  }

  has(path: Path): boolean {
    return this.#entries.has(pathKey(path));
  }

  /**
   * The position of `path`: its key or its value as asked, else (when the path is not in the file,
   * e.g. a missing required key) the key of its nearest existing ancestor.
   */
  locate(path: Path, at: 'key' | 'value' = 'value'): Position {
    const own = this.#entries.get(pathKey(path));
    if (own !== undefined) {
      const found = at === 'key' ? (own.key ?? own.value) : (own.value ?? own.key);
      if (found !== undefined) return found;
    }
    for (let length = path.length - 1; length >= 0; length--) {
      const entry = this.#entries.get(pathKey(path.slice(0, length)));
      const found = entry?.key ?? entry?.value;
      if (found !== undefined) return found;
    }
    return { line: 1, column: 1 };
  }
}
