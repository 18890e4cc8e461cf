import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import type { AttributeValue, Span } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { recordDocuments } from './documents.js';
import { recordModelResult } from './model-run.js';

/** A span that only keeps its attributes. */
function recorder(): { span: Span; attrs: Record<string, AttributeValue> } {
  const attrs: Record<string, AttributeValue> = {};
  const span = {
    setAttribute: (k: string, v: AttributeValue) => (attrs[k] = v),
  } as unknown as Span;
  return { span, attrs };
}

describe('recordModelResult', () => {
  it('reads usage_metadata (cache and reasoning details) and the response metadata', () => {
    const { span, attrs } = recorder();
    recordModelResult(span, {
      generations: [
        [
          {
            message: {
              id: 'chatcmpl-1',
              usage_metadata: {
                input_tokens: 120,
                output_tokens: 30,
                input_token_details: { cache_read: 100 },
                output_token_details: { reasoning: 10 },
              },
              response_metadata: { model_name: 'gpt-4o-mini-2024-07-18', finish_reason: 'stop' },
            },
          },
        ],
      ],
      llmOutput: { tokenUsage: { promptTokens: 1, completionTokens: 1 } },
    });
    expect(attrs).toEqual({
      [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
      [ATTR_GEN_AI_RESPONSE_ID]: 'chatcmpl-1',
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 120,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 30,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 100,
      [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 10,
    });
  });

  it('falls back to llmOutput.tokenUsage (completion LLMs); reads nothing from junk', () => {
    const { span, attrs } = recorder();
    recordModelResult(span, {
      generations: [[{ text: 'hi', generationInfo: { finish_reason: 'length' } }]],
      llmOutput: { tokenUsage: { promptTokens: 7, completionTokens: 3 }, model_name: 'davinci' },
    });
    expect(attrs).toEqual({
      [ATTR_GEN_AI_RESPONSE_MODEL]: 'davinci',
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['length'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 7,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 3,
    });
    const junk = recorder();
    recordModelResult(junk.span, {
      generations: 'nope',
      llmOutput: { tokenUsage: { promptTokens: -1 } },
    });
    recordModelResult(junk.span, null);
    expect(junk.attrs).toEqual({});
  });
});

describe('recordDocuments', () => {
  it('count, hit, ids and scores from the metadata; contents only with capture', () => {
    const { span, attrs } = recorder();
    const docs = [
      { id: 'a', pageContent: 'refunds', metadata: { score: 0.9 } },
      { pageContent: 'shipping', metadata: { relevance_score: 0.5 } },
    ];
    recordDocuments(span, docs, false, 1000);
    expect(attrs).toEqual({
      [ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT]: 2,
      [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: 'hit',
      [ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]: '[{"id":"a","score":0.9},{"score":0.5}]',
    });
    const captured = recorder();
    recordDocuments(captured.span, docs.slice(0, 1), true, 1000);
    expect(captured.attrs[ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]).toBe(
      '[{"id":"a","score":0.9,"content":"refunds"}]',
    );
  });

  it('no documents: a miss', () => {
    const { span, attrs } = recorder();
    recordDocuments(span, [], false, 1000);
    expect(attrs[ATTR_GEN_AI_RETRIEVAL_OUTCOME]).toBe('miss');
    expect(attrs[ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT]).toBe(0);
  });
});
