// The data agent's tools: their OpenAI definitions and the code behind them. Every execution is
// an `execute_tool` span (withTool); a retried call is one span per attempt, same call id.
import { GEN_AI_TOOL_TYPE } from '@genai-otel/semantic-conventions';
import { withTool } from '@genai-otel/tracing';
import { dealFacts } from './crm-db.mjs';

const MAX_ATTEMPTS = 2;

/** Tool definitions for one deal: the id is an enum, so the model can only ask about that deal. */
export function dataTools(dealId) {
  const dealIdParam = {
    type: 'object',
    properties: { deal_id: { type: 'string', enum: [dealId] } },
    required: ['deal_id'],
  };
  return [
    {
      type: 'function',
      function: {
        name: 'query_crm',
        description: 'Reads a deal, its account and its activity from the CRM database (SQL).',
        parameters: dealIdParam,
      },
    },
    {
      type: 'function',
      function: {
        name: 'get_call_notes',
        description: 'The notes of the latest recorded sales call on a deal.',
        parameters: dealIdParam,
      },
    },
  ];
}

export function toolbox({ db, notes }) {
  const impl = {
    query_crm: { type: GEN_AI_TOOL_TYPE.DATASTORE, run: (args) => dealFacts(db, args.deal_id) },
    get_call_notes: {
      type: GEN_AI_TOOL_TYPE.FUNCTION,
      run: (args) => notes.latestNotes(args.deal_id),
    },
  };

  /** Runs a model's tool call; a retryable failure is tried once more. Returns `{ result, attempts }`. */
  return async function execute(call) {
    const tool = impl[call.function.name];
    if (!tool) throw new Error(`unknown tool ${call.function.name}`);
    const args = JSON.parse(call.function.arguments);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await withTool(
          {
            name: call.function.name,
            callId: call.id,
            type: tool.type,
            arguments: call.function.arguments,
          },
          async () => tool.run(args),
        );
        return { result, attempts: attempt };
      } catch (error) {
        if (!error.retryable || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  };
}
