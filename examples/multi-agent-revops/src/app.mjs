// RevOps deal assessments by three agents: a supervisor lets the LLM route each request to a data
// agent (SQL on an embedded database, call notes) and then to a decision agent; deals over the
// policy limit go to the deal desk. One call-notes lookup times out and is retried. Three
// requests at once.
//
//   node --import @genai-otel/register src/app.mjs
//
// OPENAI_BASE_URL unset: a local mock OpenAI server is started in-process, so this never reaches
// a paid API. Spans go where GENAI_OTEL_CONFIG says (e.g. ../../collector-config/local.yaml).
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import OpenAI from 'openai';
import { assessDeal } from './agents.mjs';
import { callNotesService } from './call-notes.mjs';
import { openCrm } from './crm-db.mjs';
import { toolbox } from './tools.mjs';

const REQUESTS = [
  { id: 'conv-revops-01', dealId: 'D-1001', rep: 'rep-ana', team: 'revops-emea' },
  { id: 'conv-revops-02', dealId: 'D-1002', rep: 'rep-ben', team: 'revops-amer' },
  { id: 'conv-revops-03', dealId: 'D-1003', rep: 'rep-cho', team: 'revops-amer' },
];

const mock = process.env.OPENAI_BASE_URL ? undefined : await startMockLLMServer();
const client = new OpenAI({
  baseURL: process.env.OPENAI_BASE_URL ?? `${mock.url}/v1`,
  apiKey: process.env.OPENAI_API_KEY ?? 'sk-local-demo',
});
const db = openCrm();
const execute = toolbox({ db, notes: callNotesService({ slowDeals: ['D-1002'] }) });

try {
  const results = await Promise.all(REQUESTS.map((r) => assessDeal(r, { client, execute })));
  REQUESTS.forEach((request, i) => {
    const r = results[i];
    const notes = [
      r.retries > 0 ? `call notes retried ${r.retries}×` : '',
      r.reviewer ? `escalated to ${r.reviewer} (policy)` : '',
    ].filter(Boolean);
    console.log(
      `${request.id}  ${request.dealId}  ${r.verdict.padEnd(9)} confidence ${r.confidence}${notes.length ? `  — ${notes.join(', ')}` : ''}`,
    );
  });
  console.log(`
Where to look
  Jaeger   http://localhost:16686 → service "${process.env.OTEL_SERVICE_NAME ?? 'unknown_service:node'}" (with an OTLP exporter in the config):
           one trace per request, rooted at invoke_workflow deal-assessment.
  JSONL    the file exporter's file (collector-config/local.yaml: \${GENAI_OTEL_OUT_DIR:-out}/spans.jsonl):
           jq -c '.resourceSpans[].scopeSpans[].spans[] | select(.name | startswith("execute_tool")) | {name, status, attributes}' out/spans.jsonl

What to look for
  - the supervisor's chat spans are its routing turns: the tool each one calls names the agent
    the next handoff span goes to (gen_ai.agent.handoff.target.name)
  - invoke_agent data-agent and invoke_agent decision-agent each have a link ("references" in
    Jaeger) to the handoff span the supervisor made just before them (gen_ai.agent.handoff.*)
  - D-1002: two execute_tool get_call_notes spans with the same gen_ai.tool.call.id: the first
    ERROR (error.type CallNotesTimeoutError, gen_ai.tool.call.outcome=error), the retry success
  - execute_tool query_crm (gen_ai.tool.type=datastore) ran real SQL on node:sqlite
  - D-1003: handoff deal-desk (target.type=human, reason policy) → supervisor outcome handoff
  - every span, the openai ones included, carries gen_ai.conversation.id, user.id and tenant.id`);
} finally {
  db.close();
  await mock?.close();
}
