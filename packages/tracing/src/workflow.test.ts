import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { attributes, tree, useTracing } from '../test/helpers.js';
import {
  withAgent,
  withEmbedding,
  withRerank,
  withRetrieval,
  withTool,
  withWorkflow,
} from './index.js';

describe('withWorkflow', () => {
  const t = useTracing();

  it('is invoke_workflow {name}, the parent of the stages inside it', async () => {
    const answer = await withWorkflow('support-answer', async () => {
      const vector = await withEmbedding('e', async () => [1, 0]);
      const docs = await withRetrieval('kb', async () => [{ id: 'd1', score: vector[0] }]);
      const best = withRerank('r', () => docs);
      return withAgent('answerer', () => withTool('format', () => `answer from ${best[0]?.id}`));
    });
    expect(answer).toBe('answer from d1');
    expect(tree(t.spans())).toEqual([
      'invoke_workflow support-answer',
      '  embeddings e',
      '  retrieval kb',
      '  rerank r',
      '  invoke_agent answerer',
      '    execute_tool format',
    ]);
    const span = t.span('invoke_workflow support-answer');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(attributes(span)).toEqual({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'support-answer',
    });
  });
});
