// What @genai-otel/instrumentation-mcp costs per MCP `tools/call` round trip, against no
// instrumentation and against @traceloop/instrumentation-mcp (OpenLLMetry), each in its own
// child process (the two patch the same SDK classes).
//   node bench/components/mcp-overhead.mjs [--quick] [--json] [--rounds=K] [--calls=N]
// (from the repo root, after a build; `npm run bench -- --only=mcp-overhead` builds and runs it).
// Each variant's process runs 5 rounds (--rounds) of 2,000 calls (--calls; quick 500) after 2,000
// discarded warm-up calls; the three processes alternate 3 times (quick: once).
//
// The real @modelcontextprotocol/sdk (1.32.2, from bench/peers/traceloop-mcp, installed on first
// run) with a Client and an McpServer in one process over its InMemoryTransport: a `tools/call`
// of a trivial tool, awaited one after another. Variants:
//   none        the SDK alone
//   genai-otel  McpInstrumentation: a CLIENT span, the context written into params._meta, read
//               back by the server, a SERVER span (two spans per call)
//   traceloop   @traceloop/instrumentation-mcp 0.27.0 (manuallyInstrument, as its README says
//               for this SDK): one CLIENT span per request, no server span, no propagation
// Spans end in a processor that drops them (no export: what is compared is the instrumentation).
// CPU time of the child process per call, median of rounds. No target: reported, not judged.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { ensureInstalled } from '../lib/peers.mjs';
import { median } from '../lib/stats.mjs';

const args = componentArgs({
  rounds: { type: 'string' },
  calls: { type: 'string' },
  variant: { type: 'string' },
});
const ROUNDS = sized(args.rounds, 5, 5, args.quick);
const PASSES = args.quick ? 1 : 3;
const CALLS = sized(args.calls, 2_000, 500, args.quick);
const WARMUP = 2_000;
const here = dirname(fileURLToPath(import.meta.url));
const PEER_DIR = join(here, '..', 'peers', 'traceloop-mcp');
const VARIANTS = ['none', 'genai-otel', 'traceloop'];
/** Spans ended in this process (see `dropping`). */
let ended = 0;

if (args.variant) {
  process.stdout.write(`${JSON.stringify(await measure(args.variant))}\n`);
} else {
  const bench = startComponent('mcp-overhead', args);
  ensureInstalled(PEER_DIR, bench.say);
  // The variants' processes alternate, PASSES times, so a change in the machine's load falls
  // on all of them; the rounds of a variant's passes are pooled.
  const rounds = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  const spans = {};
  for (let pass = 0; pass < PASSES; pass++) {
    for (const variant of VARIANTS) {
      const r = spawnSync(
        process.execPath,
        [
          fileURLToPath(import.meta.url),
          `--variant=${variant}`,
          `--rounds=${ROUNDS}`,
          `--calls=${CALLS}`,
        ],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`${variant} failed:\n${r.stderr}`);
      const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
      rounds[variant].push(...out.rounds);
      spans[variant] = out.spansPerCall;
    }
  }
  const perCall = {};
  for (const variant of VARIANTS) {
    perCall[variant] = {
      median: median(rounds[variant]),
      rounds: rounds[variant],
      spansPerCall: spans[variant],
    };
    bench.say(
      `${variant}: ${perCall[variant].median.toFixed(1)} µs CPU per tools/call (median of ${rounds[variant].length} rounds of ${CALLS}; ${spans[variant]} spans per call)`,
    );
  }
  const added = (v) => perCall[v].median - perCall.none.median;
  bench.finish({
    title: 'MCP instrumentation: cost per tools/call round trip',
    targets: [
      {
        id: 'none',
        what: 'tools/call, no instrumentation, CPU per call',
        compare: null,
        target: null,
        unit: 'µs',
        measured: perCall.none.median,
      },
      {
        id: 'genai-otel',
        what: 'added by genai-otel (client + server span, _meta propagation)',
        compare: null,
        target: null,
        unit: 'µs',
        measured: added('genai-otel'),
      },
      {
        id: 'traceloop',
        what: 'added by @traceloop/instrumentation-mcp (client span only)',
        compare: null,
        target: null,
        unit: 'µs',
        measured: added('traceloop'),
      },
    ],
    figures: { rounds: ROUNDS, calls: CALLS, perCall },
  });
}

/** One variant, in this process: CPU µs per call of each round. */
async function measure(variant) {
  const peer = createRequire(join(PEER_DIR, 'noop.js'));
  let provider;
  if (variant === 'traceloop') {
    const { TracerProvider } = peer('@opentelemetry/sdk-trace');
    provider = new TracerProvider({ spanProcessors: [dropping()] });
    peer('@opentelemetry/api').trace.setGlobalTracerProvider(provider);
    const { AsyncLocalStorageContextManager } = peer('@opentelemetry/context-async-hooks');
    peer('@opentelemetry/api').context.setGlobalContextManager(
      new AsyncLocalStorageContextManager().enable(),
    );
    const { McpInstrumentation } = peer('@traceloop/instrumentation-mcp');
    const instrumentation = new McpInstrumentation();
    instrumentation.setTracerProvider(provider);
    instrumentation.manuallyInstrument({
      Client: peer('@modelcontextprotocol/sdk/client/index.js').Client,
      Server: peer('@modelcontextprotocol/sdk/server/index.js').Server,
    });
  } else if (variant === 'genai-otel') {
    const { TracerProvider } = await import('@opentelemetry/sdk-trace');
    const { context, propagation } = await import('@opentelemetry/api');
    const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
    const { W3CTraceContextPropagator } = await import('@opentelemetry/core');
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    provider = new TracerProvider({ spanProcessors: [dropping()] });
    const { McpInstrumentation } = await import('@genai-otel/instrumentation-mcp');
    new McpInstrumentation().setTracerProvider(provider);
  }
  const { Client } = peer('@modelcontextprotocol/sdk/client/index.js');
  const { McpServer } = peer('@modelcontextprotocol/sdk/server/mcp.js');
  const { InMemoryTransport } = peer('@modelcontextprotocol/sdk/inMemory.js');
  const server = new McpServer({ name: 'bench', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echo' }, async () => ({
    content: [{ type: 'text', text: 'ok' }],
  }));
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(b);
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(a);
  const call = () => client.callTool({ name: 'echo', arguments: {} });
  for (let i = 0; i < WARMUP; i++) await call();
  const before = ended;
  await call();
  const spansPerCall = ended - before;
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) await call();
    const t = process.cpuUsage(t0);
    rounds.push((t.user + t.system) / CALLS);
  }
  await client.close();
  return { median: median(rounds), rounds, spansPerCall };
}

function dropping() {
  return {
    onStart() {},
    onEnding() {},
    onEnd() {
      ended++;
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}
