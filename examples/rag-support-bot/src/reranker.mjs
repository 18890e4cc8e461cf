// A small local reranker: the share of the question's meaningful words a passage contains. Crude
// next to a cross-encoder, but deterministic, and it answers the same question: how well does
// this passage match what was asked?

import { terms } from './text.mjs';
import { round } from './vector-store.mjs';

export const RERANK_MODEL = 'keyword-overlap-v1';

export function rerank(question, documents, topN) {
  const wanted = terms(question);
  return documents
    .map((doc) => {
      const have = terms(doc.text);
      let matched = 0;
      for (const word of wanted) if (have.has(word)) matched++;
      return { ...doc, score: wanted.size === 0 ? 0 : round(matched / wanted.size, 2) };
    })
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, topN);
}
