import { describe, expect, it } from 'vitest';
import { readPeerRetrieval } from './peer-retrieval.js';

describe('readPeerRetrieval (OpenInference RETRIEVER spans)', () => {
  it('hit with the best document.score; miss without documents; undefined for other spans', () => {
    expect(
      readPeerRetrieval({
        'openinference.span.kind': 'RETRIEVER',
        'retrieval.documents.0.document.content': 'a',
        'retrieval.documents.0.document.score': 0.4,
        'retrieval.documents.1.document.id': 'b',
        'retrieval.documents.1.document.score': 0.9,
        'retrieval.documents.2.document.content': 'c',
        // Not read: the list stops at the first missing index.
        'retrieval.documents.4.document.score': 5,
      }),
    ).toEqual({ outcome: 'hit', topScore: 0.9 });
    expect(readPeerRetrieval({ 'openinference.span.kind': 'RETRIEVER' })).toEqual({
      outcome: 'miss',
      topScore: undefined,
    });
    expect(readPeerRetrieval({ 'openinference.span.kind': 'LLM' })).toBeUndefined();
  });
});
