// What a LangChain.js instrumentation costs per step (per LangChain run), side by side:
// genai-otel's bridge (@genai-otel/instrumentation-langchain), OpenInference's
// (@arizeai/openinference-instrumentation-langchain) and OpenLLMetry's
// (@traceloop/instrumentation-langchain), each alone in a process of its own (all three patch
// `CallbackManager._configureSync`, so they cannot be measured in one process).
//   node bench/langchain-bridge/overhead.mjs [--quick] [--passes=P] [--rounds=K] [--calls=N]
// (from the repo root, after a build). The chain: ChatPromptTemplate | FakeListChatModel |
// StringOutputParser (@langchain/core 1.x's own fake chat model: no HTTP, no provider SDK), so one
// `invoke` is 4 runs (the sequence and its three steps) and each instrumentation makes 4 spans.
// Every ended span is serialised to OTLP protobuf (lib/serializing-tracing.mjs), the work an
// exporter would do. Figures: process CPU time per `invoke` (median of rounds, after a warm-up;
// OpenInference's and OpenLLMetry's handlers run in LangChain's background queue, which each round
// drains before reading the clock), minus the uninstrumented chain's, divided by 4 runs. The
// variants run in interleaved passes (none, genai-otel, openinference, traceloop, none, …) so a
// busy machine weighs on all alike. No target in the table: the issue asks for at most the
// OpenInference/OpenLLMetry figure; the ratio says whether it holds.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    passes: { type: 'string' },
    rounds: { type: 'string' },
    calls: { type: 'string' },
    warmup: { type: 'string' },
    variant: { type: 'string' },
  },
});
const num = (v, full, quick) => (v === undefined ? (args.quick ? quick : full) : Number(v));
const PASSES = num(args.passes, 3, 1);
const ROUNDS = num(args.rounds, 15, 5);
const CALLS = num(args.calls, 400, 150);
const WARMUP = num(args.warmup, 1_500, 500);
const RUNS_PER_INVOKE = 4;
const VARIANTS = ['none', 'genai-otel', 'openinference', 'traceloop'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

if (args.variant) await child(args.variant);
else parent();

/** One variant in this process: µs of CPU per invoke, one figure per round, as JSON on stdout. */
async function child(variant) {
  const { serializingTracing } = await import('../lib/serializing-tracing.mjs');
  const { provider } = serializingTracing();
  const req = createRequire(import.meta.url);
  let spansPerInvoke = 0;
  let ended = 0;
  // Counts ended spans so the figures say how many spans each variant made.
  provider._activeSpanProcessor?._spanProcessors?.push?.({
    onStart() {},
    onEnding() {},
    onEnd() {
      ended++;
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  });
  if (variant === 'genai-otel') {
    const { LangChainInstrumentation } = await import('@genai-otel/instrumentation-langchain');
    new LangChainInstrumentation().setTracerProvider(provider);
  } else if (variant === 'openinference') {
    const { LangChainInstrumentation } = req('@arizeai/openinference-instrumentation-langchain');
    new LangChainInstrumentation({ tracerProvider: provider }).manuallyInstrument(
      req('@langchain/core/callbacks/manager'),
    );
  } else if (variant === 'traceloop') {
    const { LangChainInstrumentation } = req('@traceloop/instrumentation-langchain');
    const instrumentation = new LangChainInstrumentation({ traceContent: false });
    instrumentation.setTracerProvider(provider);
    instrumentation.manuallyInstrument({
      callbackManagerModule: req('@langchain/core/callbacks/manager'),
    });
  }
  const { ChatPromptTemplate } = req('@langchain/core/prompts');
  const { StringOutputParser } = req('@langchain/core/output_parsers');
  const { FakeListChatModel } = req('@langchain/core/utils/testing');
  const { awaitAllCallbacks } = req('@langchain/core/callbacks/promises');
  const chain = ChatPromptTemplate.fromMessages([['human', 'Say hello to {name}.']])
    .pipe(new FakeListChatModel({ responses: ['Hello! How can I help you today?'] }))
    .pipe(new StringOutputParser());
  const input = { name: 'Ada' };
  const batch = async (n) => {
    for (let i = 0; i < n; i++) await chain.invoke(input);
    await awaitAllCallbacks();
  };
  await batch(WARMUP);
  const before = ended;
  await batch(1);
  spansPerInvoke = ended - before;
  const perInvoke = [];
  for (let r = 0; r < ROUNDS; r++) {
    globalThis.gc?.();
    const start = process.cpuUsage();
    await batch(CALLS);
    const used = process.cpuUsage(start);
    perInvoke.push((used.user + used.system) / CALLS);
  }
  process.stdout.write(`${JSON.stringify({ variant, perInvoke, spansPerInvoke })}\n`);
}

function parent() {
  const self = fileURLToPath(import.meta.url);
  const byVariant = Object.fromEntries(VARIANTS.map((v) => [v, { rounds: [], spans: 0 }]));
  for (let pass = 0; pass < PASSES; pass++) {
    for (const variant of VARIANTS) {
      const extra = args.quick ? ['--quick'] : [];
      for (const k of ['rounds', 'calls', 'warmup'])
        if (args[k] !== undefined) extra.push(`--${k}=${args[k]}`);
      const out = spawnSync(
        process.execPath,
        ['--expose-gc', self, `--variant=${variant}`, ...extra],
        { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      );
      if (out.status !== 0) throw new Error(`${variant} failed:\n${out.stderr}`);
      const result = JSON.parse(out.stdout.trim().split('\n').at(-1));
      byVariant[variant].rounds.push(...result.perInvoke);
      byVariant[variant].spans = result.spansPerInvoke;
    }
  }
  const base = median(byVariant.none.rounds);
  const rows = VARIANTS.map((v) => {
    const perInvoke = median(byVariant[v].rounds);
    const overhead = perInvoke - base;
    return {
      v,
      perInvoke,
      overhead,
      perStep: overhead / RUNS_PER_INVOKE,
      spans: byVariant[v].spans,
    };
  });
  const ours = rows.find((r) => r.v === 'genai-otel');
  const fmt = (x) => x.toFixed(1);
  console.log(
    `LangChain bridge overhead per step: ${PASSES} passes × ${ROUNDS} rounds × ${CALLS} invokes (${RUNS_PER_INVOKE} runs each), CPU time\n`,
  );
  console.log(
    '| variant | spans per invoke | µs per invoke | overhead µs per invoke | overhead µs per step | genai-otel ÷ it |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio =
      r.v === 'none' || r.v === 'genai-otel' ? '–' : `${(ours.perStep / r.perStep).toFixed(2)} ×`;
    console.log(
      `| ${r.v} | ${r.spans} | ${fmt(r.perInvoke)} | ${r.v === 'none' ? '–' : fmt(r.overhead)} | ${r.v === 'none' ? '–' : fmt(r.perStep)} | ${ratio} |`,
    );
  }
}
