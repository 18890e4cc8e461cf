import { contentText } from './content.js';

/** A document as retrieval and rerank spans record it. */
export interface RetrievedDocument {
  id?: string | number | undefined;
  score?: number | undefined;
  /** Recorded only with content capture on. */
  content?: string | undefined;
}

/** Turns a stage's result into its documents; `undefined` when the result has none to show. */
export type DocumentMapper<R> = (result: Awaited<R>) => readonly RetrievedDocument[] | undefined;

type Dict = Record<string, unknown>;

/**
 * The documents of a result that is an array of objects with `id`, `score` and a text in
 * `content`, `text` or `pageContent` (LangChain's name); `undefined` for any other result.
 */
export function defaultDocuments(result: unknown): RetrievedDocument[] | undefined {
  if (!Array.isArray(result)) return undefined;
  const docs: RetrievedDocument[] = new Array(result.length);
  for (let i = 0; i < result.length; i++) {
    const item = result[i] as Dict | null;
    if (item === null || typeof item !== 'object') {
      docs[i] = {};
      continue;
    }
    const id = item.id;
    const score = item.score;
    const content = item.content ?? item.text ?? item.pageContent;
    docs[i] = {
      id: typeof id === 'string' || typeof id === 'number' ? id : undefined,
      score: typeof score === 'number' ? score : undefined,
      content: typeof content === 'string' ? content : undefined,
    };
  }
  return docs;
}

/** JSON `[{id, score, content?}]`: contents only when captured, at most `max` characters. */
export function documentsJson(
  docs: readonly RetrievedDocument[],
  captureContent: boolean,
  max: number,
): string | undefined {
  const shown = docs.map((d) =>
    captureContent && d.content !== undefined
      ? { id: d.id, score: d.score, content: d.content }
      : { id: d.id, score: d.score },
  );
  return contentText(shown, max);
}

/** The documents' scores in order, when every document has one. */
export function scores(docs: readonly RetrievedDocument[]): number[] | undefined {
  const out: number[] = [];
  for (const d of docs) {
    if (d.score === undefined) return undefined;
    out.push(d.score);
  }
  return out;
}
