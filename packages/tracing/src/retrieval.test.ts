import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { attributes, useTracing } from '../test/helpers.js';
import { withEmbedding, withRerank, withRetrieval } from './index.js';

const DOCS = [
  { id: 'kb-1', score: 0.91, content: 'Reset your password from Settings.' },
  { id: 'kb-7', score: 0.42, text: 'Invoices are monthly.' },
];

describe('RAG stages without content capture', () => {
  const t = useTracing();

  it('withRetrieval: retrieval {dataSource} with top_k, ids, scores, count and hit', async () => {
    const docs = await withRetrieval(
      { dataSource: 'kb-acme', topK: 4, query: 'password?' },
      async () => DOCS,
    );
    expect(docs).toBe(DOCS);
    const span = t.span('retrieval kb-acme');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(attributes(span)).toEqual({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'kb-acme',
      'gen_ai.request.top_k': 4,
      'gen_ai.retrieval.document.count': 2,
      'gen_ai.retrieval.outcome': 'hit',
      'gen_ai.retrieval.documents': '[{"id":"kb-1","score":0.91},{"id":"kb-7","score":0.42}]',
    });
  });

  it('withRetrieval: zero documents is a miss', () => {
    withRetrieval('kb-empty', () => []);
    expect(attributes(t.span('retrieval kb-empty'))).toEqual({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'kb-empty',
      'gen_ai.retrieval.document.count': 0,
      'gen_ai.retrieval.outcome': 'miss',
      'gen_ai.retrieval.documents': '[]',
    });
  });

  it('withRetrieval: a mapper finds the documents in any result shape', async () => {
    const result = await withRetrieval(
      {
        dataSource: 'vectors',
        documents: (r) => r.matches.map((m) => ({ id: m.key, score: m.distance })),
      },
      async () => ({ matches: [{ key: 'a', distance: 0.5 }] }),
    );
    expect(result.matches).toHaveLength(1);
    expect(t.span('retrieval vectors').attributes['gen_ai.retrieval.documents']).toBe(
      '[{"id":"a","score":0.5}]',
    );
  });

  it('withRetrieval: a result without documents adds no document attributes', () => {
    withRetrieval('kb', () => 'not a list');
    expect(Object.keys(attributes(t.span('retrieval kb')))).toEqual([
      'gen_ai.operation.name',
      'gen_ai.data_source.id',
    ]);
  });

  it('withRerank: rerank {model} with top_n, candidates, scores and ids', async () => {
    await withRerank(
      { model: 'rerank-v3.5', providerName: 'cohere', topN: 2, candidateCount: 5 },
      async () => DOCS,
    );
    const span = t.span('rerank rerank-v3.5');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(attributes(span)).toEqual({
      'gen_ai.operation.name': 'rerank',
      'gen_ai.request.model': 'rerank-v3.5',
      'gen_ai.provider.name': 'cohere',
      'gen_ai.rerank.top_n': 2,
      'gen_ai.rerank.candidate.count': 5,
      'gen_ai.rerank.scores': [0.91, 0.42],
      'gen_ai.rerank.documents': '[{"id":"kb-1","score":0.91},{"id":"kb-7","score":0.42}]',
    });
  });

  it('withEmbedding: embeddings {model}, dimensions from the result unless given', async () => {
    await withEmbedding({ model: 'bge-small', providerName: 'local' }, async () => [
      [0.1, 0.2, 0.3],
    ]);
    withEmbedding('minilm', () => [0.1, 0.2]);
    withEmbedding({ model: 'fixed', dimensions: 384 }, () => [0.1]);
    expect(attributes(t.span('embeddings bge-small'))).toEqual({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': 'bge-small',
      'gen_ai.provider.name': 'local',
      'gen_ai.embeddings.dimension.count': 3,
    });
    expect(t.span('embeddings bge-small').kind).toBe(SpanKind.CLIENT);
    expect(t.span('embeddings minilm').attributes['gen_ai.embeddings.dimension.count']).toBe(2);
    expect(t.span('embeddings fixed').attributes['gen_ai.embeddings.dimension.count']).toBe(384);
  });
});

describe('RAG stages with content capture', () => {
  const t = useTracing({ captureMessageContent: true });

  it('adds the query and the documents’ contents', () => {
    withRetrieval({ dataSource: 'kb', query: 'How do I reset my password?' }, () => DOCS);
    withRerank({ model: 'r' }, () => DOCS.slice(0, 1));
    const retrieval = t.span('retrieval kb');
    expect(retrieval.attributes['gen_ai.retrieval.query.text']).toBe('How do I reset my password?');
    expect(JSON.parse(String(retrieval.attributes['gen_ai.retrieval.documents']))).toEqual([
      { id: 'kb-1', score: 0.91, content: 'Reset your password from Settings.' },
      { id: 'kb-7', score: 0.42, content: 'Invoices are monthly.' },
    ]);
    expect(t.span('rerank r').attributes['gen_ai.rerank.documents']).toBe(
      '[{"id":"kb-1","score":0.91,"content":"Reset your password from Settings."}]',
    );
  });
});
