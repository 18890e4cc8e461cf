// `npm run demo`: starts the mock OpenAI-compatible server, runs the example apps under
// `node --import @genai-otel/register` with collector-config/local.yaml (one mock server and one
// out/spans.jsonl for all of them), then says where the spans and metrics went.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ENV_CAPTURE_MESSAGE_CONTENT,
} from '@genai-otel/semantic-conventions';
import { readJsonlSpans } from '@genai-otel/test-utils';
// The apps' own loader, so the endpoints below are the ones the config gives them.
import { loadConfig } from '../packages/sdk/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = join(root, 'collector-config/local.yaml');
// local.yaml's own variable for where the file exporter writes (default: out/ at the root).
// biome-ignore lint/suspicious/noUndeclaredEnvVars: the demo is not a turbo task
const outDir = process.env.GENAI_OTEL_OUT_DIR ?? join(root, 'out');
const appEnv = { ...process.env, GENAI_OTEL_CONFIG: configFile, GENAI_OTEL_OUT_DIR: outDir };

const config = loadConfig(configFile, { env: appEnv });
const exporterOf = (type) => [...config.exporters.values()].find((e) => e.type === type)?.config;
const spansFile = exporterOf('file').path;
const emfFile = exporterOf('awsemf')?.path;
const otlpEndpoint = exporterOf('otlp_http')?.endpoint;
const metricsUrl = metricsUrlOf(exporterOf('prometheus')?.endpoint);

/** `127.0.0.1:9464` → `http://127.0.0.1:9464/metrics`; `:9464` (every interface) → loopback. */
function metricsUrlOf(endpoint) {
  if (endpoint === undefined) return undefined;
  const at = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, at) || '127.0.0.1';
  return `http://${host}:${endpoint.slice(at + 1)}/metrics`;
}

/**
 * Scrapes `url` until `exited` settles, as Prometheus would but faster (the apps live for a
 * second): the names of the metrics seen. Each scrape closes its connection: a
 * kept-alive one would hold the app's event loop open.
 */
async function scrapeWhile(url, exited) {
  let running = true;
  exited.finally(() => {
    running = false;
  });
  const seen = new Set();
  while (running) {
    const body = await new Promise((resolve) => {
      const req = get(url, { agent: false, timeout: 1000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve(text));
        res.on('error', () => resolve(''));
      });
      req.on('error', () => resolve(''));
      req.on('timeout', () => req.destroy());
    });
    for (const [, name] of body.matchAll(/^# TYPE (\w+)/gm))
      if (name !== 'target_info') seen.add(name);
    await delay(20);
  }
  return seen;
}

/** What the awsemf file holds: its lines, and the Bedrock models whose tokens CloudWatch would chart. */
function emfSummary(file) {
  let lines = [];
  try {
    lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return `  EMF: nothing written to ${file}`;
  }
  const bedrock = new Set(
    lines
      .filter((l) => l['gen_ai.provider.name'] === 'aws.bedrock' && l['gen_ai.client.token.usage'])
      .map((l) => l['gen_ai.request.model']),
  );
  return `  EMF: ${lines.length} CloudWatch embedded-metric lines in ${file} (namespace GenAI; Bedrock models with token usage: ${[...bedrock].sort().join(', ') || 'none'})`;
}

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
  { dir: 'examples/bedrock-scheduling-agent', service: 'bedrock-scheduling-agent' },
];

rmSync(spansFile, { force: true });
if (emfFile !== undefined) rmSync(emfFile, { force: true });
const mock = await startMockLLMServer({ port: 0 });
const jaeger = otlpEndpoint !== undefined && (await reachable(otlpEndpoint));
console.log(`▶ mock OpenAI-compatible server on ${mock.url}`);

let failed;
const scraped = [];
for (const example of EXAMPLES) {
  console.log(`\n▶ running ${example.dir} with node --import @genai-otel/register\n`);
  const app = run(process.execPath, ['--import', '@genai-otel/register', 'src/app.mjs'], {
    cwd: join(root, example.dir),
    env: {
      ...appEnv,
      OPENAI_BASE_URL: `${mock.url}/v1`,
      OPENAI_API_KEY: 'sk-local-demo',
      // The AWS SDK clients take the mock's root as their `endpoint`.
      MOCK_LLM_URL: mock.url,
      OTEL_SERVICE_NAME: example.service,
    },
  });
  const metrics = metricsUrl === undefined ? new Set() : scrapeWhile(metricsUrl, app);
  const { code, signal } = await app;
  scraped.push({ service: example.service, metrics: await metrics });
  if (code !== 0) {
    failed = `${example.dir} failed (exit ${code ?? signal})`;
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
if (metricsUrl === undefined) {
  console.log('  metrics: collector-config/local.yaml has no prometheus exporter');
} else {
  const served = scraped.filter((s) => s.metrics.size > 0).map((s) => s.service);
  const metricNames = [...new Set(scraped.flatMap((s) => [...s.metrics]))].sort();
  console.log(
    served.length > 0
      ? `  metrics: scraped ${metricsUrl} while each app ran (genai_metrics → prometheus); metrics of ${served.join(', ')}:\n    ${metricNames.join(', ')}`
      : `  metrics: no scrape of ${metricsUrl} saw a metric while the apps ran (see the genai-otel lines above)`,
  );
}
if (emfFile !== undefined) console.log(emfSummary(emfFile));
console.log(
  spans.some((s) => s.attributes[ATTR_GEN_AI_INPUT_MESSAGES] !== undefined)
    ? `  content: prompts and answers recorded (${ATTR_GEN_AI_INPUT_MESSAGES}, ${ATTR_GEN_AI_OUTPUT_MESSAGES})`
    : `  content: not recorded (the default); ${ENV_CAPTURE_MESSAGE_CONTENT}=true npm run demo records prompts and answers`,
);
console.log(
  jaeger
    ? `✔ also sent by OTLP/HTTP to ${otlpEndpoint}: open Jaeger at http://localhost:16686 (services ${EXAMPLES.map((e) => e.service).join(', ')})`
    : `• nothing listens on ${otlpEndpoint}; start Jaeger (OTLP on :4318) to see these traces there`,
);
