import { randomUUID } from 'node:crypto';
import type { HandlerResult } from '../types.js';
import { bedrockError } from './errors.js';

/** Results a Retrieve call returns when `numberOfResults` is not given (as on Bedrock). */
export const DEFAULT_NUMBER_OF_RESULTS = 5;

export interface KbDocument {
  text: string;
  uri: string;
  score: number;
  chunkId: string;
}

/**
 * Deterministic documents of a knowledge base for a query: document i (from 1) reads
 * `Document i of <kb> about: <query>`, lives at `s3://<kb lower-cased>-docs/doc-i.txt` and scores
 * 0.9, 0.8, 0.7, … (floored at 0.1).
 */
export function documentsFor(knowledgeBaseId: string, query: string, n: number): KbDocument[] {
  return Array.from({ length: n }, (_, i) => ({
    text: `Document ${i + 1} of ${knowledgeBaseId} about: ${query}`,
    uri: `s3://${knowledgeBaseId.toLowerCase()}-docs/doc-${i + 1}.txt`,
    score: Math.max(0.1, Math.round((0.9 - 0.1 * i) * 10) / 10),
    chunkId: `${knowledgeBaseId.toLowerCase()}-chunk-${i + 1}`,
  }));
}

/** A document as agent traces and RetrieveAndGenerate citations carry it (no score). */
export function retrievedReference(knowledgeBaseId: string, d: KbDocument) {
  return {
    content: { text: d.text, type: 'TEXT' },
    location: { type: 'S3', s3Location: { uri: d.uri } },
    metadata: {
      'x-amz-bedrock-kb-source-uri': d.uri,
      'x-amz-bedrock-kb-chunk-id': d.chunkId,
      'x-amz-bedrock-kb-data-source-id': `${knowledgeBaseId}-DS`,
    },
  };
}

function notFound(id: string): HandlerResult {
  return bedrockError('ResourceNotFoundException', `Knowledge base with id ${id} does not exist`);
}

function nullMember(path: string): HandlerResult {
  return bedrockError(
    'ValidationException',
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
  );
}

/** `POST /knowledgebases/{id}/retrieve` → `retrievalResults` with scores. */
export function retrieve(body: Record<string, unknown>, knowledgeBaseId: string): HandlerResult {
  if (knowledgeBaseId.startsWith('no-such-')) return notFound(knowledgeBaseId);
  const query = (body.retrievalQuery as { text?: unknown } | undefined)?.text;
  if (typeof query !== 'string') return nullMember('retrievalQuery.text');
  const n =
    (
      body.retrievalConfiguration as
        | { vectorSearchConfiguration?: { numberOfResults?: number } }
        | undefined
    )?.vectorSearchConfiguration?.numberOfResults ?? DEFAULT_NUMBER_OF_RESULTS;
  const retrievalResults = documentsFor(knowledgeBaseId, query, n).map((d) => ({
    ...retrievedReference(knowledgeBaseId, d),
    score: d.score,
  }));
  return { kind: 'json', status: 200, body: { retrievalResults } };
}

interface RagRequest {
  input?: { text?: string };
  sessionId?: string;
  retrieveAndGenerateConfiguration?: {
    type?: string;
    knowledgeBaseConfiguration?: {
      knowledgeBaseId?: string;
      modelArn?: string;
      retrievalConfiguration?: { vectorSearchConfiguration?: { numberOfResults?: number } };
    };
  };
}

/**
 * `POST /retrieveAndGenerate`: `output.text` is `Echo: <query>`, one citation spanning it with the
 * retrieved references; Bedrock reports no token usage here.
 */
export function retrieveAndGenerate(raw: Record<string, unknown>): HandlerResult {
  const body = raw as RagRequest;
  const query = body.input?.text;
  if (typeof query !== 'string') return nullMember('input.text');
  const kb = body.retrieveAndGenerateConfiguration?.knowledgeBaseConfiguration;
  if (!kb?.knowledgeBaseId)
    return nullMember('retrieveAndGenerateConfiguration.knowledgeBaseConfiguration');
  if (kb.knowledgeBaseId.startsWith('no-such-')) return notFound(kb.knowledgeBaseId);
  const n =
    kb.retrievalConfiguration?.vectorSearchConfiguration?.numberOfResults ??
    DEFAULT_NUMBER_OF_RESULTS;
  const text = `Echo: ${query}`;
  const docs = documentsFor(kb.knowledgeBaseId, query, n);
  return {
    kind: 'json',
    status: 200,
    body: {
      sessionId: body.sessionId ?? randomUUID(),
      output: { text },
      citations: [
        {
          generatedResponsePart: {
            textResponsePart: { text, span: { start: 0, end: text.length - 1 } },
          },
          retrievedReferences: docs.map((d) => retrievedReference(kb.knowledgeBaseId!, d)),
        },
      ],
    },
  };
}
