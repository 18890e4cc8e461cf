/**
 * The support bot run as a user runs it (`node --import @genai-otel/register`), checked span by
 * span: the trees of the indexing run and of each ticket, the RAG stages' attributes, the handoffs
 * to a human, and the conversation / user / tenant ids on every span of a ticket.
 */

import {
  type ExampleRun,
  type FlatSpan,
  runExample,
  spanTree,
  traceOf,
} from '@genai-otel/test-utils';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The example's folder: `runExample` runs `src/app.mjs` there. */
const EXAMPLE_DIR = new URL('..', import.meta.url);

const CONTEXT_KEYS = ['gen_ai.conversation.id', 'user.id', 'tenant.id'];

const TICKETS = [
  {
    id: 'conv-acme-1001',
    userId: 'acme-user-17',
    tenant: 'acme',
    documents: '[{"id":"kb-acme-001","score":1},{"id":"kb-acme-002","score":1}]',
  },
  { id: 'conv-acme-1002', userId: 'acme-user-23', tenant: 'acme', documents: '[]' },
  {
    id: 'conv-globex-2001',
    userId: 'globex-user-4',
    tenant: 'globex',
    documents: '[{"id":"kb-globex-001","score":1}]',
  },
  {
    id: 'conv-globex-2002',
    userId: 'globex-user-9',
    tenant: 'globex',
    documents: '[{"id":"kb-globex-002","score":1}]',
  },
] as const;
type TicketId = (typeof TICKETS)[number]['id'];

/** A span's attributes without the ones the context processor stamps. */
function own(span: FlatSpan | undefined): Record<string, unknown> {
  const out = { ...span?.attributes };
  for (const key of CONTEXT_KEYS) delete out[key];
  return out;
}

describe('examples/rag-support-bot', () => {
  let example: ExampleRun;
  const traces = new Map<TicketId, FlatSpan[]>();
  const named = (ticket: TicketId, name: string) =>
    traces.get(ticket)?.filter((s) => s.name === name) ?? [];
  const one = (ticket: TicketId, name: string) => {
    const found = named(ticket, name);
    if (found.length !== 1) throw new Error(`${ticket}: ${found.length} spans "${name}"`);
    return found[0]!;
  };

  beforeAll(async () => {
    example = await runExample({ dir: EXAMPLE_DIR });
    // A ticket's trace is found by what its retrieval returned: each ticket's is different.
    for (const ticket of TICKETS) {
      const retrieval = example.spans.find(
        (s) =>
          s.name === `retrieval kb-${ticket.tenant}` &&
          s.attributes['gen_ai.retrieval.documents'] === ticket.documents,
      );
      if (retrieval) traces.set(ticket.id, traceOf(example.spans, retrieval.traceId));
    }
  }, 60_000);
  afterAll(() => example?.cleanup());

  it('runs cleanly and says what happened to each ticket and where to look', () => {
    expect(example.run.stderr).toBe('');
    expect(example.run.code).toBe(0);
    const lines = example.run.stdout.split('\n').map((l) => l.trim());
    expect(lines.slice(0, 8)).toEqual([
      'conv-acme-1001    acme    How do I reset my password?',
      '→ answered (grounding 1, sources kb-acme-001, kb-acme-002)',
      'conv-acme-1002    acme    Why was my card charged twice?',
      '→ handed off to tier-2-support (retrieval_miss)',
      'conv-globex-2001  globex  Can I get a refund on an annual plan?',
      '→ answered (grounding 1, sources kb-globex-001)',
      'conv-globex-2002  globex  Do you support single sign-on?',
      '→ handed off to tier-2-support (low_confidence, grounding 0.33)',
    ]);
    expect(example.run.stdout).toContain('Where to look');
    expect(example.run.stdout).toContain('http://localhost:16686');
    expect(example.run.stdout).toContain('What to look for');
    // 2 indexing + 4 question embeddings, 3 chat calls (none on the retrieval miss).
    expect(example.llm.requests.map((r) => r.path).sort()).toEqual([
      ...Array(3).fill('/v1/chat/completions'),
      ...Array(6).fill('/v1/embeddings'),
    ]);
  });

  it('indexes the knowledge base in a trace of its own: one embeddings call per tenant', () => {
    const root = example.spans.find((s) => s.name === 'invoke_workflow index-knowledge-base');
    expect(root).toBeDefined();
    expect(spanTree(example.spans, root!.spanId)).toEqual([
      'invoke_workflow index-knowledge-base',
      '  embeddings text-embedding-3-small',
      '  embeddings text-embedding-3-small',
    ]);
    expect(own(root)).toEqual({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'index-knowledge-base',
    });
    // Outside any conversation: nothing to stamp.
    for (const span of traceOf(example.spans, root!.traceId)) {
      for (const key of CONTEXT_KEYS) expect(span.attributes[key]).toBeUndefined();
    }
    // Nothing else: the indexing trace and one trace per ticket.
    expect(new Set(example.spans.map((s) => s.traceId)).size).toBe(1 + TICKETS.length);
  });

  it('gives each ticket its own trace with the RAG stages in order', () => {
    expect([...traces.keys()]).toEqual(TICKETS.map((t) => t.id));
    const shape = (ticket: TicketId) => {
      const root = traces.get(ticket)!.find((s) => s.parentSpanId === undefined)!;
      return spanTree(traces.get(ticket)!, root.spanId);
    };
    expect(shape('conv-acme-1001')).toEqual([
      'invoke_workflow support-answer',
      '  embeddings text-embedding-3-small',
      '  retrieval kb-acme',
      '  rerank keyword-overlap-v1',
      '  invoke_agent support-bot',
      '    chat gpt-4o-mini',
    ]);
    expect(shape('conv-acme-1002')).toEqual([
      'invoke_workflow support-answer',
      '  embeddings text-embedding-3-small',
      '  retrieval kb-acme',
      '  invoke_agent support-bot',
      '    handoff tier-2-support',
    ]);
    expect(shape('conv-globex-2001')).toEqual([
      'invoke_workflow support-answer',
      '  embeddings text-embedding-3-small',
      '  retrieval kb-globex',
      '  rerank keyword-overlap-v1',
      '  invoke_agent support-bot',
      '    chat gpt-4o-mini',
    ]);
    expect(shape('conv-globex-2002')).toEqual([
      'invoke_workflow support-answer',
      '  embeddings text-embedding-3-small',
      '  retrieval kb-globex',
      '  rerank keyword-overlap-v1',
      '  invoke_agent support-bot',
      '    chat gpt-4o-mini',
      '    handoff tier-2-support',
    ]);
    for (const spans of traces.values()) {
      // Every span of the trace is in its tree: no orphan under a missing parent.
      const root = spans.find((s) => s.parentSpanId === undefined)!;
      expect(spans).toHaveLength(spanTree(spans, root.spanId).length);
      for (const span of spans) {
        expect(span.status.code).toBe(SpanStatusCode.UNSET);
        expect(span.links).toEqual([]);
      }
    }
    // Nothing else in the file: 3 indexing spans + 6 + 5 + 6 + 7, one root per trace.
    expect(example.spans).toHaveLength(27);
    expect(example.spans.filter((s) => s.parentSpanId === undefined)).toHaveLength(5);
  });

  it('records the openai spans with models, token counts and finish reasons (conv-acme-1001)', () => {
    const pick = (span: FlatSpan, keys: string[]) =>
      Object.fromEntries(keys.map((k) => [k, span.attributes[k]]));
    // Token counts follow the mock's documented rule (one token per word or sign): the question
    // embeds as "how do i reset my password", 6 tokens; the reply echoes it as
    // "Echo: How do I reset my password?", 9.
    expect(
      pick(one('conv-acme-1001', 'embeddings text-embedding-3-small'), [
        'gen_ai.operation.name',
        'gen_ai.provider.name',
        'gen_ai.request.model',
        'gen_ai.response.model',
        'gen_ai.usage.input_tokens',
        'gen_ai.embeddings.dimension.count',
        'gen_ai.request.encoding_formats',
      ]),
    ).toEqual({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.response.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 6,
      'gen_ai.embeddings.dimension.count': 256,
      'gen_ai.request.encoding_formats': ['float'],
    });
    expect(
      pick(one('conv-acme-1001', 'chat gpt-4o-mini'), [
        'gen_ai.operation.name',
        'gen_ai.provider.name',
        'gen_ai.request.model',
        'gen_ai.request.temperature',
        'gen_ai.response.model',
        'gen_ai.usage.input_tokens',
        'gen_ai.usage.output_tokens',
        'gen_ai.response.finish_reasons',
      ]),
    ).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 103,
      'gen_ai.usage.output_tokens': 9,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(one('conv-acme-1001', 'chat gpt-4o-mini').kind).toBe(SpanKind.CLIENT);
  });

  it('records retrieval hits and the miss, with ids and scores but no content', () => {
    expect(own(one('conv-acme-1001', 'retrieval kb-acme'))).toEqual({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'kb-acme',
      'gen_ai.request.top_k': 4,
      'gen_ai.retrieval.document.count': 2,
      'gen_ai.retrieval.outcome': 'hit',
      'gen_ai.retrieval.documents': TICKETS[0].documents,
    });
    expect(own(one('conv-acme-1002', 'retrieval kb-acme'))).toEqual({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'kb-acme',
      'gen_ai.request.top_k': 4,
      'gen_ai.retrieval.document.count': 0,
      'gen_ai.retrieval.outcome': 'miss',
      'gen_ai.retrieval.documents': '[]',
    });
    expect(one('conv-acme-1002', 'retrieval kb-acme').kind).toBe(SpanKind.CLIENT);
  });

  it('records the reranker’s model, top_n, candidates and scores', () => {
    expect(own(one('conv-acme-1001', 'rerank keyword-overlap-v1'))).toEqual({
      'gen_ai.operation.name': 'rerank',
      'gen_ai.request.model': 'keyword-overlap-v1',
      'gen_ai.rerank.top_n': 2,
      'gen_ai.rerank.candidate.count': 2,
      'gen_ai.rerank.scores': [1, 0],
      'gen_ai.rerank.documents': '[{"id":"kb-acme-001","score":1},{"id":"kb-acme-002","score":0}]',
    });
    expect(
      one('conv-globex-2002', 'rerank keyword-overlap-v1').attributes['gen_ai.rerank.scores'],
    ).toEqual([0.33]);
  });

  it('hands off to a human on the miss and on a poorly grounded answer; the bot’s outcome says so', () => {
    const agent = (outcome: string) => ({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'support-bot',
      'gen_ai.agent.version': '1.4.0',
      'gen_ai.agent.description': 'Answers from the help centre',
      'gen_ai.agent.outcome': outcome,
    });
    expect(own(one('conv-acme-1001', 'invoke_agent support-bot'))).toEqual(agent('success'));
    expect(own(one('conv-acme-1002', 'invoke_agent support-bot'))).toEqual(agent('handoff'));
    expect(own(one('conv-globex-2001', 'invoke_agent support-bot'))).toEqual(agent('success'));
    expect(own(one('conv-globex-2002', 'invoke_agent support-bot'))).toEqual(agent('handoff'));
    expect(own(one('conv-acme-1002', 'handoff tier-2-support'))).toEqual({
      'gen_ai.operation.name': 'handoff',
      'gen_ai.agent.handoff.source.name': 'support-bot',
      'gen_ai.agent.handoff.target.name': 'tier-2-support',
      'gen_ai.agent.handoff.target.type': 'human',
      'gen_ai.agent.handoff.reason': 'retrieval_miss',
      'gen_ai.agent.name': 'support-bot',
    });
    expect(own(one('conv-globex-2002', 'handoff tier-2-support'))).toEqual({
      'gen_ai.operation.name': 'handoff',
      'gen_ai.agent.handoff.source.name': 'support-bot',
      'gen_ai.agent.handoff.target.name': 'tier-2-support',
      'gen_ai.agent.handoff.target.type': 'human',
      'gen_ai.agent.handoff.reason': 'low_confidence',
      'gen_ai.agent.handoff.confidence': 0.33,
      'gen_ai.agent.name': 'support-bot',
    });
  });

  it('stamps conversation, user and tenant on every span of a ticket, the openai spans included', () => {
    for (const ticket of TICKETS) {
      const spans = traces.get(ticket.id)!;
      const stamped = spans.map((s) => [s.name, ...CONTEXT_KEYS.map((k) => s.attributes[k])]);
      expect(stamped).toEqual(spans.map((s) => [s.name, ticket.id, ticket.userId, ticket.tenant]));
    }
  });
});

describe('examples/rag-support-bot with content capture on', () => {
  let example: ExampleRun;
  beforeAll(async () => {
    example = await runExample({
      dir: EXAMPLE_DIR,
      env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' },
    });
  }, 60_000);
  afterAll(() => example?.cleanup());

  it('adds the query and the passages’ text to retrieval and rerank', () => {
    expect(example.run.code).toBe(0);
    const retrieval = example.spans.find(
      (s) =>
        s.name === 'retrieval kb-globex' &&
        String(s.attributes['gen_ai.retrieval.documents']).includes('kb-globex-001'),
    );
    expect(retrieval?.attributes['gen_ai.retrieval.query.text']).toBe(
      'Can I get a refund on an annual plan?',
    );
    expect(JSON.parse(String(retrieval?.attributes['gen_ai.retrieval.documents']))).toEqual([
      {
        id: 'kb-globex-001',
        score: 1,
        content:
          'You can request a refund for an annual plan within 30 days of purchase; after that, unused months are credited to your account.',
      },
    ]);
    const rerank = traceOf(example.spans, retrieval!.traceId).find((s) =>
      s.name.startsWith('rerank'),
    );
    expect(JSON.parse(String(rerank?.attributes['gen_ai.rerank.documents']))[0].content).toMatch(
      /^You can request a refund/,
    );
  });
});
