// An in-memory vector store: entries (vector → document), cosine similarity, top-k above a floor.

export class VectorStore {
  #entries = [];

  add(vector, document) {
    this.#entries.push({ vector, norm: norm(vector), document });
  }

  /** The best `topK` distinct documents of `tenant` scoring at least `minScore`, best first. */
  search(tenant, vector, { topK, minScore }) {
    const queryNorm = norm(vector);
    const best = new Map();
    for (const entry of this.#entries) {
      if (entry.document.tenant !== tenant) continue;
      const score = dot(vector, entry.vector) / (queryNorm * entry.norm);
      if (score < minScore) continue;
      const id = entry.document.id;
      if (!best.has(id) || best.get(id).score < score) {
        best.set(id, { id, score: round(score, 4), document: entry.document });
      }
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, topK)
      .map(({ id, score, document }) => ({
        id,
        score,
        title: document.title,
        text: document.text,
      }));
  }
}

function dot(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function norm(v) {
  return Math.sqrt(dot(v, v));
}

export function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
