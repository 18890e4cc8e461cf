// Three agents. The supervisor asks the LLM which agent takes the request next (a forced tool
// call), hands off to the one it chose — the data agent, then the decision agent — and escalates
// big deals to the deal desk (humans).
//   invoke_workflow deal-assessment
//   └─ invoke_agent supervisor
//      ├─ chat gpt-4o-mini                 routing: tool call transfer_to_data_agent
//      ├─ handoff data-agent
//      ├─ invoke_agent data-agent          links to "handoff data-agent"
//      │  ├─ chat gpt-4o-mini              tool calls query_crm + get_call_notes
//      │  ├─ execute_tool query_crm        SQL on node:sqlite
//      │  ├─ execute_tool get_call_notes   (D-1002: fails once with a timeout, then succeeds)
//      │  └─ chat gpt-4o-mini              summary of the facts
//      ├─ chat gpt-4o-mini                 routing: tool call transfer_to_decision_agent
//      ├─ handoff decision-agent
//      ├─ invoke_agent decision-agent      links to "handoff decision-agent"
//      │  └─ chat gpt-4o                   rationale for the verdict
//      └─ handoff deal-desk                (human; deals over the policy limit)
import {
  GENAI_OTEL_HANDOFF_REASON,
  GENAI_OTEL_HANDOFF_TARGET_TYPE,
} from '@genai-otel/semantic-conventions';
import { handoff, withAgent, withConversation, withWorkflow } from '@genai-otel/tracing';
import { dataTools } from './tools.mjs';

const FAST_MODEL = 'gpt-4o-mini';
const DECISION_MODEL = 'gpt-4o';
/** Deals above this amount are always reviewed by the deal desk. */
export const POLICY_LIMIT = 500_000;
export const DEAL_DESK = 'deal-desk';

/** The supervisor's routing tools, and the agent each one hands off to. */
const TRANSFERS = {
  transfer_to_data_agent: 'data-agent',
  transfer_to_decision_agent: 'decision-agent',
};
const ROUTING_TOOLS = Object.keys(TRANSFERS).map((name) => ({
  type: 'function',
  function: {
    name,
    description: `Hand the request to the ${TRANSFERS[name]}.`,
    parameters: { type: 'object', properties: {} },
  },
}));

/** Enough for the two agents and one wrong turn; a model that keeps looping is an error. */
const MAX_ROUTING_TURNS = 4;

/**
 * The supervisor: asks the model which specialist takes the request next (a forced tool call,
 * one at a time, among the agents not consulted yet), hands off to the agent the model chose, and
 * feeds the agent's result back, until the decision agent has decided. A decision before the
 * facts is refused back to the model, with no handoff: the trace shows only what happened.
 */
export function assessDeal(request, { client, execute }) {
  const ids = { conversationId: request.id, userId: request.rep, tenantId: request.team };
  return withConversation(ids, () =>
    withWorkflow('deal-assessment', async (workflow) => {
      const assessment = await withAgent(
        { name: 'supervisor', description: 'Routes RevOps requests to specialist agents' },
        async () => {
          const messages = [
            { role: 'system', content: 'Route the request to the right specialist agent.' },
            { role: 'user', content: `Assess deal ${request.dealId} for the forecast call.` },
          ];
          const consulted = new Set();
          let facts;
          let decision;
          for (let turn = 0; decision === undefined; turn++) {
            if (turn === MAX_ROUTING_TURNS) {
              throw new Error(`no decision on ${request.dealId} after ${turn} routing turns`);
            }
            const routing = await client.chat.completions.create({
              model: FAST_MODEL,
              messages,
              tools: ROUTING_TOOLS.filter((t) => !consulted.has(TRANSFERS[t.function.name])),
              tool_choice: 'required',
              parallel_tool_calls: false,
            });
            const message = routing.choices[0]?.message;
            const call = message?.tool_calls?.[0];
            const chosen = call?.function.name;
            const target = Object.hasOwn(TRANSFERS, chosen) ? TRANSFERS[chosen] : undefined;
            if (target === undefined) {
              throw new Error(`the model routed ${request.dealId} to ${chosen}`);
            }
            messages.push(message);
            if (target === 'decision-agent' && facts === undefined) {
              messages.push(
                toolReply(call, { error: 'collect the facts with the data agent first' }),
              );
              continue;
            }
            consulted.add(target);
            const routed = handoff({ to: target, reason: GENAI_OTEL_HANDOFF_REASON.ROUTING });
            if (target === 'data-agent') {
              facts = await dataAgent(request.dealId, routed, { client, execute });
              messages.push(toolReply(call, { summary: facts.summary }));
            } else {
              decision = await decisionAgent(facts, routed, { client });
            }
          }

          if (facts.crm.amount > POLICY_LIMIT) {
            handoff({
              to: DEAL_DESK,
              targetType: GENAI_OTEL_HANDOFF_TARGET_TYPE.HUMAN,
              reason: GENAI_OTEL_HANDOFF_REASON.POLICY,
              confidence: decision.confidence,
            });
            return { ...decision, reviewer: DEAL_DESK, retries: facts.retries };
          }
          return { ...decision, retries: facts.retries };
        },
      );
      // The outcome as a low-cardinality attribute: business metrics by verdict need no code
      // (collector-config/business-metrics.yaml counts and times assessments by it).
      workflow.setAttribute('revops.deal.verdict', assessment.verdict);
      return assessment;
    }),
  );
}

function toolReply(call, content) {
  return { role: 'tool', tool_call_id: call.id, content: JSON.stringify(content) };
}

function dataAgent(dealId, handoffFrom, { client, execute }) {
  return withAgent(
    { name: 'data-agent', description: 'Collects CRM facts and call notes', handoffFrom },
    async () => {
      const tools = dataTools(dealId);
      const messages = [
        { role: 'system', content: 'Collect the facts about a deal with your tools.' },
        {
          role: 'user',
          content: `Collect the CRM record with query_crm and the latest call notes with get_call_notes for deal ${dealId}.`,
        },
      ];
      const planned = await client.chat.completions.create({ model: FAST_MODEL, messages, tools });
      const message = planned.choices[0]?.message;
      messages.push(message);
      const facts = { retries: 0 };
      for (const call of message?.tool_calls ?? []) {
        const { result, attempts } = await execute(call);
        facts.retries += attempts - 1;
        if (call.function.name === 'query_crm') facts.crm = result;
        if (call.function.name === 'get_call_notes') facts.notes = result.notes;
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
      }
      const summary = await client.chat.completions.create({ model: FAST_MODEL, messages });
      return { ...facts, summary: summary.choices[0]?.message.content };
    },
  );
}

const RISKS = /competitor|budget freeze|legal review|churn/i;

function decisionAgent(facts, handoffFrom, { client }) {
  return withAgent(
    { name: 'decision-agent', description: 'Calls the forecast category', handoffFrom },
    async () => {
      // The call is made by rules a RevOps team can audit; the LLM only explains it.
      const { crm, notes } = facts;
      const risk = notes.match(RISKS)?.[0];
      const late = crm.days_since_activity > 30;
      const verdict =
        risk || late ? 'at_risk' : crm.stage === 'negotiation' ? 'commit' : 'best_case';
      const confidence = risk && late ? 0.9 : risk || late ? 0.7 : 0.85;
      const rationale = await client.chat.completions.create({
        model: DECISION_MODEL,
        messages: [
          { role: 'system', content: 'Explain a forecast call in one sentence.' },
          {
            role: 'user',
            content: `${crm.name}: ${verdict}; stage ${crm.stage}, last activity ${crm.days_since_activity} days ago${risk ? `, risk: ${risk}` : ''}.`,
          },
        ],
      });
      return { verdict, confidence, rationale: rationale.choices[0]?.message.content };
    },
  );
}
