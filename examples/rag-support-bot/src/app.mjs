// A customer-support bot over a tenant's help centre: embed the question, retrieve from an
// in-memory vector store, rerank, answer with the LLM — or hand the ticket to a human when nothing
// relevant was found or the answer is poorly grounded (the best passage matches the question
// poorly). Four tickets from two tenants at once.
//
//   node --import @genai-otel/register src/app.mjs
//
// OPENAI_BASE_URL unset: a local mock OpenAI server is started in-process, so this never reaches
// a paid API. Spans go where GENAI_OTEL_CONFIG says (e.g. ../../collector-config/local.yaml).
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import OpenAI from 'openai';
import { answerTicket, indexKnowledgeBase } from './bot.mjs';
import { ARTICLES, TICKETS } from './knowledge-base.mjs';

const mock = process.env.OPENAI_BASE_URL ? undefined : await startMockLLMServer();
const client = new OpenAI({
  baseURL: process.env.OPENAI_BASE_URL ?? `${mock.url}/v1`,
  apiKey: process.env.OPENAI_API_KEY ?? 'sk-local-demo',
});

try {
  const store = await indexKnowledgeBase(client, ARTICLES);
  // Concurrent on purpose: each ticket's spans must carry its own conversation and tenant.
  const results = await Promise.all(
    TICKETS.map((ticket) => answerTicket(ticket, { client, store })),
  );
  TICKETS.forEach((ticket, i) => {
    const r = results[i];
    const outcome =
      r.status === 'answered'
        ? `answered (grounding ${r.grounding}, sources ${r.sources.join(', ')})`
        : `handed off to ${r.to} (${r.reason}${r.grounding === undefined ? '' : `, grounding ${r.grounding}`})`;
    console.log(
      `${ticket.id.padEnd(17)} ${ticket.tenant.padEnd(7)} ${ticket.question}\n${' '.repeat(26)}→ ${outcome}`,
    );
  });
  console.log(`
Where to look
  Jaeger   http://localhost:16686 → service "${process.env.OTEL_SERVICE_NAME ?? 'rag-support-bot'}" (with an OTLP exporter in the config):
           one trace per ticket (invoke_workflow support-answer) and one for indexing.
  JSONL    the file exporter's file (collector-config/local.yaml: \${GENAI_OTEL_OUT_DIR:-out}/spans.jsonl):
           jq -c '.resourceSpans[].scopeSpans[].spans[] | {name, attributes}' out/spans.jsonl

What to look for
  - every span of a ticket, the openai ones included, carries gen_ai.conversation.id, user.id, tenant.id
  - conv-acme-1002: retrieval kb-acme with gen_ai.retrieval.outcome=miss, then
    handoff tier-2-support (gen_ai.agent.handoff.target.type=human, reason retrieval_miss), no chat call
  - conv-globex-2002: rerank gen_ai.rerank.scores=[0.33] is the answer's grounding score: too low, so
    handoff reason low_confidence with gen_ai.agent.handoff.confidence=0.33 (the grounding score);
    invoke_agent support-bot ends with gen_ai.agent.outcome=handoff
  - conv-acme-1001: gen_ai.retrieval.documents lists kb-acme-001 and kb-acme-002; rerank keeps both, scores [1, 0]`);
} finally {
  await mock?.close();
}
