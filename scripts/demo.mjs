// `npm run demo`: starts the mock OpenAI-compatible server, runs the example apps under
// `node --import @genai-otel/register` with collector-config/local.yaml (one mock server and one
// out/spans.jsonl for all of them), then says where the spans went.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { readJsonlSpans } from '@genai-otel/test-utils';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out');
const spansFile = join(outDir, 'spans.jsonl');
const otlpEndpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318';

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) || 80 });
    socket.setTimeout(500);
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(socket.destroy() && false));
  });
}

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Each example: its folder and the service name its spans carry (the Jaeger service to pick). */
const EXAMPLES = [
  { dir: 'examples/openai-chat', service: 'openai-chat-demo' },
  { dir: 'examples/rag-support-bot', service: 'rag-support-bot' },
  { dir: 'examples/multi-agent-revops', service: 'multi-agent-revops' },
];

rmSync(spansFile, { force: true });
const mock = await startMockLLMServer({ port: 0 });
const jaeger = await reachable(otlpEndpoint);
console.log(`▶ mock OpenAI-compatible server on ${mock.url}`);

let failed;
for (const example of EXAMPLES) {
  console.log(`\n▶ running ${example.dir} with node --import @genai-otel/register\n`);
  const app = await run(process.execPath, ['--import', '@genai-otel/register', 'src/app.mjs'], {
    cwd: join(root, example.dir),
    env: {
      ...process.env,
      GENAI_OTEL_CONFIG: join(root, 'collector-config/local.yaml'),
      GENAI_OTEL_OUT_DIR: outDir,
      OPENAI_BASE_URL: `${mock.url}/v1`,
      OPENAI_API_KEY: 'sk-local-demo',
      OTEL_SERVICE_NAME: example.service,
    },
  });
  if (app.code !== 0) {
    failed = `${example.dir} failed (exit ${app.code ?? app.signal})`;
    break;
  }
}
await mock.close();
if (failed) {
  console.error(`\n${failed}`);
  process.exit(1);
}

const spans = await readJsonlSpans(spansFile);
const tokens = (key) => spans.reduce((sum, s) => sum + (Number(s.attributes[key]) || 0), 0);
const names = new Map();
for (const span of spans) names.set(span.name, (names.get(span.name) ?? 0) + 1);
console.log(`\n✔ ${spans.length} spans written to ${spansFile}`);
console.log(`  ${[...names].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ')}`);
console.log(
  `  tokens: ${tokens(ATTR_GEN_AI_USAGE_INPUT_TOKENS)} in, ${tokens(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS)} out`,
);
console.log(
  `  inspect: jq -c '.resourceSpans[].scopeSpans[].spans[] | {name, attributes}' ${spansFile}`,
);
// Cost, tokens and latency per model, from the priced spans (genai_cost) the file holds.
const INFERENCE = new Set(['chat', 'text_completion', 'generate_content', 'embeddings']);
const byModel = new Map();
for (const s of spans) {
  const model = s.attributes[ATTR_GEN_AI_REQUEST_MODEL];
  if (!model || !INFERENCE.has(s.attributes[ATTR_GEN_AI_OPERATION_NAME])) continue;
  const m = byModel.get(model) ?? { calls: 0, in: 0, out: 0, cost: 0, unpriced: 0, ms: [] };
  const cost = s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT];
  m.calls++;
  m.in += Number(s.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]) || 0;
  m.out += Number(s.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]) || 0;
  if (typeof cost === 'number') m.cost += cost;
  else m.unpriced++;
  m.ms.push(Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e6);
  byModel.set(model, m);
}
const pct = (xs, q) => [...xs].sort((a, b) => a - b)[Math.ceil(q * xs.length) - 1] ?? 0;
const total = [...byModel.values()].reduce((sum, m) => sum + m.cost, 0);
console.log(
  `  cost: $${total.toFixed(6)} for ${[...byModel.values()].reduce((n, m) => n + m.calls, 0)} LLM calls (genai_cost, USD)`,
);
for (const [model, m] of byModel) {
  console.log(
    `    ${String(model).padEnd(24)} ${String(m.calls).padStart(3)} calls  ${String(m.in).padStart(5)} in / ${String(m.out).padStart(4)} out tokens  ${m.unpriced < m.calls ? `$${m.cost.toFixed(6)}` : m.in + m.out > 0 ? 'unpriced  ' : 'no usage  '}  p50 ${pct(m.ms, 0.5).toFixed(0)} ms, p95 ${pct(m.ms, 0.95).toFixed(0)} ms`,
  );
}
console.log(
  '  metrics: served for Prometheus at http://127.0.0.1:9464/metrics while each app ran (genai_metrics)',
);
console.log(
  jaeger
    ? `✔ also sent by OTLP/HTTP to ${otlpEndpoint}: open Jaeger at http://localhost:16686 (services ${EXAMPLES.map((e) => e.service).join(', ')})`
    : `• nothing listens on ${otlpEndpoint}; start Jaeger (OTLP on :4318) to see these traces there`,
);
