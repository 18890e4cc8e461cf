// A Lambda function as a team would write it: a support-triage agent that answers with the openai
// SDK, hands billing questions to a billing agent and angry customers to a human.
//
// Telemetry: started from code, first thing in the module (Lambda's NODE_OPTIONS=--import works
// too); openai is loaded after it, so the ESM hook instruments it. With
// collector-config/cloudwatch.yaml and GENAI_OTEL_EMF_OUTPUT=stdout, spans become gen_ai.* metrics
// (genai_metrics connector) printed as EMF lines that CloudWatch Logs turns into metrics.
import { start } from '@genai-otel/register/start';

const otel = start();

const { default: OpenAI } = await import('openai');
const { handoff, withAgent } = await import('@genai-otel/tracing');
const { GENAI_OTEL_HANDOFF_REASON, GENAI_OTEL_HANDOFF_TARGET_TYPE } = await import(
  '@genai-otel/semantic-conventions'
);

// The SDK reads OPENAI_BASE_URL / OPENAI_API_KEY; the local driver points them at the mock server.
const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? 'sk-local-demo' });

export const handler = async (event) => {
  try {
    const answer = await withAgent({ name: 'support-triage' }, () => triage(event));
    log('answered', { requestId: event.requestId, by: answer.by });
    return { statusCode: 200, body: JSON.stringify(answer) };
  } catch (error) {
    log('failed', { requestId: event.requestId, error: error?.constructor?.name });
    return { statusCode: 502, body: JSON.stringify({ error: 'the assistant is unavailable' }) };
  } finally {
    // Lambda freezes the process when the handler returns: export this invocation's metrics now.
    await otel?.forceFlush();
  }
};

async function triage(event) {
  if (event.wantsHuman) {
    handoff({
      to: 'support-desk',
      targetType: GENAI_OTEL_HANDOFF_TARGET_TYPE.HUMAN,
      reason: GENAI_OTEL_HANDOFF_REASON.CUSTOMER_REQUEST,
    });
    return { by: 'support-desk', text: 'A colleague will get back to you shortly.' };
  }
  if (event.topic === 'billing') {
    const toBilling = handoff({
      to: 'billing',
      reason: GENAI_OTEL_HANDOFF_REASON.ROUTING,
      confidence: 0.9,
    });
    return withAgent({ name: 'billing', handoffFrom: toBilling }, () =>
      ask('gpt-4o', event.question),
    );
  }
  if (event.stream)
    return { by: 'support-triage', text: await askStreamed(event.model, event.question) };
  return ask(event.model ?? 'gpt-4o-mini', event.question);
}

async function ask(model, question) {
  const completion = await client.chat.completions.create({
    model,
    messages: [
      { role: 'system', content: 'You are a concise support assistant.' },
      { role: 'user', content: question },
    ],
    max_tokens: 200,
  });
  return { by: model, text: completion.choices[0]?.message.content ?? '' };
}

async function askStreamed(model = 'gpt-4o-mini', question) {
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: question }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

/** The function's own log line (JSON, no `_aws`: CloudWatch keeps it as a log, not a metric). */
function log(message, fields) {
  console.log(JSON.stringify({ level: 'info', message, ...fields }));
}
