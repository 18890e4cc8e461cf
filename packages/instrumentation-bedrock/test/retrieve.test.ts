import {
  ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
} from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { agentSDK, configure, exporter, onlySpan, useHarness } from './helpers.js';

describe('knowledge bases', () => {
  const h = useHarness();

  it('Retrieve: a retrieval span with count, outcome, ids and scores; documents only with capture', async () => {
    const { RetrieveCommand } = agentSDK();
    const send = () =>
      h.agent().send(
        new RetrieveCommand({
          knowledgeBaseId: 'KBHOURS',
          retrievalQuery: { text: 'opening hours' },
          retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } },
        }),
      );
    await send();
    const span = onlySpan();
    expect(span.name).toBe('retrieval KBHOURS');
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
      [ATTR_GEN_AI_DATA_SOURCE_ID]: 'KBHOURS',
      [ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID]: 'KBHOURS',
      [ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT]: 2,
      [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: 'hit',
    });
    expect(span.attributes[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT]).toBeUndefined();
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_RETRIEVAL_DOCUMENTS] as string)).toEqual([
      { id: 's3://kbhours-docs/doc-1.txt', score: 0.9 },
      { id: 's3://kbhours-docs/doc-2.txt', score: 0.8 },
    ]);

    configure({ captureMessageContent: true });
    h.server.reset();
    exporter.reset();
    await send();
    const captured = onlySpan();
    expect(captured.attributes[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT]).toBe('opening hours');
    expect(JSON.parse(captured.attributes[ATTR_GEN_AI_RETRIEVAL_DOCUMENTS] as string)[0]).toEqual({
      id: 's3://kbhours-docs/doc-1.txt',
      score: 0.9,
      content: 'Document 1 of KBHOURS about: opening hours',
    });
  });

  it('RetrieveAndGenerate: the model, the session and the cited references', async () => {
    configure({ captureMessageContent: true });
    const { RetrieveAndGenerateCommand } = agentSDK();
    const modelArn =
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
    const res = await h.agent().send(
      new RetrieveAndGenerateCommand({
        input: { text: 'opening hours' },
        retrieveAndGenerateConfiguration: {
          type: 'KNOWLEDGE_BASE',
          knowledgeBaseConfiguration: { knowledgeBaseId: 'KBHOURS', modelArn },
        },
      }),
    );
    const span = onlySpan();
    expect(span.name).toBe('retrieval KBHOURS');
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_REQUEST_MODEL]: modelArn,
      [ATTR_GEN_AI_CONVERSATION_ID]: res.sessionId,
      [ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT]: res.citations[0].retrievedReferences.length,
    });
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)[0].parts).toEqual([
      { type: 'text', content: 'Echo: opening hours' },
    ]);
  });

  it('an unknown knowledge base: ResourceNotFoundException', async () => {
    const { RetrieveCommand } = agentSDK();
    await expect(
      h
        .agent()
        .send(
          new RetrieveCommand({ knowledgeBaseId: 'no-such-kb', retrievalQuery: { text: 'x' } }),
        ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(onlySpan().attributes[ATTR_ERROR_TYPE]).toBe('ResourceNotFoundException');
  });
});
