// Issue 9: the redaction processor's cost per span. A chat span as the OpenAI instrumentation
// records it, with message content off (about a dozen short attributes) and on (system prompt,
// a user question and the answer as the conventions' JSON, ~1.5 KB, nothing to redact), and on
// with an email and a card number in the question (parsed, masked, serialised again). Spans per
// second through the default `redaction` processor and a no-op exporter, against the same
// pipeline without it; rounds alternate, medians of the per-round differences.
//   node bench/components/redaction.mjs [--quick] [--json] [--spans=N] [--rounds=K] [--clock=cpu|wall]
// (from the repo root, after a build; `npm run bench -- --only=redaction` builds and runs it)
import {
  createDefaultConfig,
  createRedactor,
  RedactionSpanProcessor,
} from '@genai-otel/processor-redaction';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { nsClock } from '../lib/clock.mjs';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { median } from '../lib/stats.mjs';

const args = componentArgs({
  spans: { type: 'string' },
  rounds: { type: 'string' },
  clock: { type: 'string', default: 'cpu' },
});
const SPANS = sized(args.spans, 100_000, 20_000, args.quick);
const ROUNDS = sized(args.rounds, 7, 3, args.quick);
const bench = startComponent('redaction', args);
const WALL = args.clock === 'wall';
const clock = nsClock(WALL);

function sink() {
  return {
    onStart() {},
    onEnd() {},
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

function pipeline(withRedaction) {
  const config = createDefaultConfig();
  const processors = withRedaction
    ? [new RedactionSpanProcessor(createRedactor(config), config.summary), sink()]
    : [sink()];
  return new TracerProvider({ spanProcessors: processors }).getTracer('bench');
}

const model = 'gpt-4o-mini';
const base = {
  [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
  [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.OPENAI,
  [ATTR_GEN_AI_REQUEST_MODEL]: model,
  [ATTR_GEN_AI_RESPONSE_MODEL]: `${model}-2024-07-18`,
  [ATTR_GEN_AI_RESPONSE_ID]: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
  [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
  [ATTR_SERVER_ADDRESS]: 'api.openai.com',
  [ATTR_SERVER_PORT]: 443,
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 412,
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 187,
};
const SYSTEM =
  'You are the support assistant of Acme Cloud. Answer briefly and precisely, cite the relevant help-centre article by its title, never promise refunds, and hand the conversation to a human agent when the customer asks for one or is unhappy twice in a row. Prices are in EUR and include VAT for customers in the EU.';
const QUESTION =
  'Hi, since the upgrade to the Team plan on 3 March our nightly export to S3 fails with "AccessDenied" after about 40 minutes. The bucket policy has not changed and the same job works on the Starter workspace. We run about 120 exports a night, each 2–3 GB. Is there a new limit on the Team plan, and how do I see which request was denied?';
const ANSWER =
  'Thanks for the details. The Team plan runs exports with a new service role, acme-export-team, so the bucket policy must allow it as well as the old acme-export role; that is why the same job still works on Starter. Add the role to the policy\'s Principal list (see "Granting export access to S3" in the help centre). There is no new size limit: exports up to 5 GB per object are supported on every plan. The denied request is listed under Workspace → Audit log → Exports with the role it used. If it still fails after the policy change, reply here and I will pass it to an engineer.';
const messages = (question) =>
  JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]);
const content = (question) => ({
  ...base,
  [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: JSON.stringify([{ type: 'text', content: SYSTEM }]),
  [ATTR_GEN_AI_INPUT_MESSAGES]: messages(question),
  [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
    { role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' },
  ]),
});
const VARIANTS = [
  { label: 'content off', attributes: base },
  { label: 'content on', attributes: content(QUESTION) },
  {
    label: 'content + PII',
    attributes: content(
      `${QUESTION} You can reach me at maria.garcia@example.com; the card on file is 4111 1111 1111 1111.`,
    ),
  },
];
const name = genAISpanName(GEN_AI_OPERATION.CHAT, model);

function run(tracer, attributes, n) {
  const start = clock();
  for (let i = 0; i < n; i++) tracer.startSpan(name, { attributes }).end();
  return (clock() - start) / n;
}

const figures = { spans: SPANS, rounds: ROUNDS, clock: WALL ? 'wall' : 'cpu' };
const without = pipeline(false);
const withRedaction = pipeline(true);
bench.say(
  `node ${process.version}, ${SPANS.toLocaleString('en')} spans × ${ROUNDS} rounds per pipeline (medians), ${WALL ? 'wall-clock' : 'process CPU'} time`,
);
for (const v of VARIANTS) {
  const bytes = Object.values(v.attributes).reduce(
    (k, a) => k + (typeof a === 'string' ? a.length : 0),
    0,
  );
  for (const t of [without, withRedaction]) run(t, v.attributes, SPANS); // warm-up
  const a = [];
  const b = [];
  for (let r = 0; r < ROUNDS; r++) {
    a.push(run(without, v.attributes, SPANS));
    b.push(run(withRedaction, v.attributes, SPANS));
  }
  const added = median(b.map((x, i) => x - a[i]));
  figures[v.label] = {
    stringBytes: bytes,
    nsWithout: median(a),
    nsWith: median(b),
    addedNs: added,
  };
  bench.say(
    `${v.label.padEnd(14)} ${String(bytes).padStart(5)} chars of strings: ${median(a).toFixed(0)} ns without, ${median(b).toFixed(0)} ns with redaction: +${(added / 1000).toFixed(2)} µs per span`,
  );
}

const clockName = WALL ? 'wall clock' : 'CPU time';
bench.finish({
  title: 'redaction per span',
  targets: [
    {
      id: 'content-off',
      what: `redaction (default patterns), added per chat span, content off, ${clockName}`,
      compare: '<',
      target: 2,
      unit: 'µs',
      measured: figures['content off'].addedNs / 1000,
    },
    {
      id: 'content-on',
      what: `redaction (default patterns), added per chat span, ~1.5 KB of content, nothing found, ${clockName}`,
      compare: '<',
      target: 50,
      unit: 'µs',
      measured: figures['content on'].addedNs / 1000,
    },
    {
      id: 'content-pii',
      what: `redaction (default patterns), added per chat span, content with an email and a card, ${clockName}`,
      compare: null,
      target: null,
      unit: 'µs',
      measured: figures['content + PII'].addedNs / 1000,
    },
  ],
  figures,
});
