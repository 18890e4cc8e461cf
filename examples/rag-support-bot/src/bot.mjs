// The support bot: one ticket = one conversation = one trace.
//   invoke_workflow support-answer
//   ├─ embeddings text-embedding-3-small   (the openai instrumentation)
//   ├─ retrieval kb-<tenant>               (withRetrieval; a miss when nothing is close enough)
//   ├─ rerank keyword-overlap-v1           (withRerank; only when something was retrieved)
//   └─ invoke_agent support-bot            (withAgent)
//      ├─ chat gpt-4o-mini                 (the openai instrumentation; not on a miss)
//      └─ handoff tier-2-support           (handoff to a human: on a miss, or a poorly grounded answer)
import {
  GENAI_OTEL_HANDOFF_REASON,
  GENAI_OTEL_HANDOFF_TARGET_TYPE,
} from '@genai-otel/semantic-conventions';
import {
  handoff,
  withAgent,
  withConversation,
  withRerank,
  withRetrieval,
  withWorkflow,
} from '@genai-otel/tracing';
import { RERANK_MODEL, rerank } from './reranker.mjs';
import { normalize } from './text.mjs';
import { VectorStore } from './vector-store.mjs';

export const EMBEDDING_MODEL = 'text-embedding-3-small';
export const CHAT_MODEL = 'gpt-4o-mini';
export const HUMAN_QUEUE = 'tier-2-support';
const DIMENSIONS = 256;
const TOP_K = 4;
const TOP_N = 2;
/** Cosine similarity below which a passage does not answer the question. */
const MIN_SIMILARITY = 0.75;
/**
 * Grounding score below which the bot does not send its answer. The grounding score is the
 * reranker's score of the best passage: how much of the question the answer's source covers. It is
 * the bot's confidence, measured on the evidence rather than asked of the model (which could only
 * echo here: the mock server's replies are canned).
 */
const MIN_GROUNDING = 0.5;

/** Embeds every article's questions, one embeddings call per tenant, into a fresh store. */
export function indexKnowledgeBase(client, articles) {
  return withWorkflow('index-knowledge-base', async () => {
    const store = new VectorStore();
    for (const tenant of new Set(articles.map((a) => a.tenant))) {
      const entries = articles
        .filter((a) => a.tenant === tenant)
        .flatMap((article) => article.questions.map((question) => ({ article, question })));
      const vectors = await embed(
        client,
        entries.map((e) => e.question),
      );
      for (const [i, e] of entries.entries()) store.add(vectors[i], e.article);
    }
    return store;
  });
}

async function embed(client, inputs) {
  const result = await client.embeddings.create({
    model: EMBEDDING_MODEL,
    input: inputs,
    dimensions: DIMENSIONS,
    encoding_format: 'float',
  });
  return result.data.map((d) => d.embedding);
}

/** Answers one ticket, or hands it to a human. */
export function answerTicket(ticket, { client, store }) {
  const ids = { conversationId: ticket.id, userId: ticket.userId, tenantId: ticket.tenant };
  return withConversation(ids, () =>
    withWorkflow('support-answer', async () => {
      const [vector] = await embed(client, [normalize(ticket.question)]);
      const passages = await withRetrieval(
        { dataSource: `kb-${ticket.tenant}`, topK: TOP_K, query: ticket.question },
        async () => store.search(ticket.tenant, vector, { topK: TOP_K, minScore: MIN_SIMILARITY }),
      );
      const best =
        passages.length === 0
          ? []
          : await withRerank(
              { model: RERANK_MODEL, topN: TOP_N, candidateCount: passages.length },
              async () => rerank(ticket.question, passages, TOP_N),
            );
      return withAgent(
        { name: 'support-bot', version: '1.4.0', description: 'Answers from the help centre' },
        () => respond(client, ticket, best),
      );
    }),
  );
}

async function respond(client, ticket, passages) {
  if (passages.length === 0) {
    const h = handoff({
      to: HUMAN_QUEUE,
      targetType: GENAI_OTEL_HANDOFF_TARGET_TYPE.HUMAN,
      reason: GENAI_OTEL_HANDOFF_REASON.RETRIEVAL_MISS,
    });
    return { status: 'handed off', to: h.to, reason: h.reason };
  }
  const completion = await client.chat.completions.create({
    model: CHAT_MODEL,
    temperature: 0,
    messages: [
      {
        role: 'system',
        content: `Answer the customer from these help-centre passages only:\n${passages
          .map((p) => `[${p.id}] ${p.title}: ${p.text}`)
          .join('\n')}`,
      },
      { role: 'user', content: ticket.question },
    ],
  });
  const draft = completion.choices[0]?.message.content ?? '';
  const grounding = passages[0].score;
  if (grounding < MIN_GROUNDING) {
    // Low confidence in the answer, because its grounding is weak: the draft goes to the human
    // with the ticket, and the span records the grounding score as the handoff's confidence.
    const h = handoff({
      to: HUMAN_QUEUE,
      targetType: GENAI_OTEL_HANDOFF_TARGET_TYPE.HUMAN,
      reason: GENAI_OTEL_HANDOFF_REASON.LOW_CONFIDENCE,
      confidence: grounding,
    });
    return { status: 'handed off', to: h.to, reason: h.reason, grounding, draft };
  }
  return { status: 'answered', grounding, sources: passages.map((p) => p.id), answer: draft };
}
