// Runs the Lambda handler locally the way the Lambda runtime would: one process, several
// invocations in a row, the process ended (not shut down) after the last one — so only what each
// invocation flushed itself reaches stdout, exactly as on Lambda.
//
//   node src/invoke-local.mjs            (from examples/lambda-emf)
//
// stdout: the function's log lines and the EMF lines CloudWatch would turn into metrics.
// stderr: one line per invocation from this driver.
import { fileURLToPath } from 'node:url';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';

process.env.GENAI_OTEL_CONFIG ??= fileURLToPath(
  new URL('../../../collector-config/cloudwatch.yaml', import.meta.url),
);
process.env.GENAI_OTEL_EMF_OUTPUT ??= 'stdout';
process.env.OTEL_SERVICE_NAME ??= 'support-bot';
// Lambda sets these; the AWS resource attributes and the log lines use them.
process.env.AWS_LAMBDA_FUNCTION_NAME ??= 'support-bot';
process.env.AWS_REGION ??= 'us-east-1';

const llm = process.env.OPENAI_BASE_URL ? undefined : await startMockLLMServer();
if (llm) process.env.OPENAI_BASE_URL = `${llm.url}/v1`;

const { handler } = await import('./handler.mjs');

const EVENTS = [
  { requestId: 'r-1', question: 'How do I reset my password?' },
  { requestId: 'r-2', question: 'Why was I charged twice this month?', topic: 'billing' },
  { requestId: 'r-3', question: 'Summarise my open tickets.', stream: true },
  { requestId: 'r-4', question: 'I want to talk to a person.', wantsHuman: true },
  { requestId: 'r-5', question: 'Hello?', model: 'no-such-model' },
];

for (const event of EVENTS) {
  const response = await handler(event, { awsRequestId: event.requestId });
  process.stderr.write(`${event.requestId} → ${response.statusCode}\n`);
}

await llm?.close();
// The runtime freezes or kills the process; nothing is flushed at exit.
process.exit(0);
