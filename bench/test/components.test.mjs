import { describe, expect, it } from 'vitest';
import {
  COMPONENTS,
  errorLine,
  lastJsonLine,
  runComponent,
  selectBenches,
} from '../lib/components.mjs';

const component = (name) => COMPONENTS.find((c) => c.name === name);
const run = (name, args) =>
  runComponent(component(name), { quick: true, pin: false, timeoutMs: 90_000, args, quiet: true });

describe('selectBenches', () => {
  it('runs everything by default, and what --only names otherwise', () => {
    expect(selectBenches(undefined).peers).toBe(true);
    expect(selectBenches(undefined).components).toHaveLength(16);
    expect(selectBenches('peers')).toEqual({ peers: true, components: [] });
    expect(selectBenches('components').components.map((c) => c.name)).toEqual([
      'tracing-wrappers',
      'cost-metrics-pipeline',
      'rollups-config-metrics',
      'tail-sampling',
      'langsmith-convert',
      'langsmith-throughput',
      'emf-serialize',
      'cwlogs-events',
      'redaction',
      'otlp-receive',
      'otlp-encode',
      'startup',
      'openai-overhead',
      'openai-pipelines',
      'openai-agents-bridge',
      'mcp-overhead',
    ]);
    const two = selectBenches('emf-serialize, peers');
    expect(two.peers).toBe(true);
    expect(two.components.map((c) => c.name)).toEqual(['emf-serialize']);
    expect(() => selectBenches('peer')).toThrow(/--only takes .*tracing-wrappers/);
  });
});

describe('errorLine', () => {
  it('finds the error Node printed, else the last line', () => {
    const stderr = 'file:///x.mjs:3\n  throw err;\n\nTypeError [X]: bad\n    at f (x.mjs:1)\n';
    expect(errorLine(stderr)).toBe('TypeError [X]: bad');
    expect(errorLine('half a line\nkilled\n')).toBe('killed');
  });
});

describe('lastJsonLine', () => {
  it('takes the last line that parses as an object', () => {
    expect(lastJsonLine('{"a":1}\nnoise\n{"b":2}\n{not json\n')).toEqual({ b: 2 });
    expect(lastJsonLine('no json here\n')).toBeNull();
  });
});

// Each component bench in a real child process on a few iterations: the machinery measures and
// reports what it should (no timing is asserted; the figures of so short a run mean nothing).
describe('component benchmarks, tiny runs', () => {
  const measuredTargets = (r) => r.targets.filter((t) => t.compare !== null);

  it('tracing-wrappers times every case of every setup and checks withAgent/withTool under sdk+bsp', async () => {
    const r = await run('tracing-wrappers', ['--iterations=50', '--rounds=3']);
    expect(r.status, r.reason).toBe('ok');
    expect(r.quick).toBe(true);
    expect(Object.keys(r.figures.setups)).toEqual(['noop', 'stub', 'sdk', 'sdk+bsp']);
    for (const setup of Object.values(r.figures.setups)) {
      for (const mode of ['sync', 'async']) {
        expect(Object.keys(setup[mode].ns)).toEqual([
          'bare',
          'agent by hand',
          'withAgent',
          'tool by hand',
          'withTool',
        ]);
        expect(setup[mode].ns.withAgent.wall).toBeGreaterThan(0);
      }
    }
    expect(r.targets.map((t) => t.id)).toEqual([
      'withAgent/sync',
      'withAgent/async',
      'withTool/sync',
      'withTool/async',
    ]);
    for (const t of r.targets) {
      expect(t).toMatchObject({ compare: '<', target: 2, unit: 'µs' });
      expect(t.measured).toBeCloseTo(
        r.figures.setups['sdk+bsp'][t.id.split('/')[1]].ns[t.id.split('/')[0]].cpu / 1000,
      );
      expect(typeof t.met).toBe('boolean');
    }
    expect(r.machine.cores).toBeGreaterThan(0);
  }, 60_000);

  it('tracing-wrappers without the sdk+bsp setup reports its targets as not measured', async () => {
    const r = await run('tracing-wrappers', ['--iterations=20', '--rounds=1', '--setups=noop']);
    expect(r.status, r.reason).toBe('ok');
    expect(Object.keys(r.figures.setups)).toEqual(['noop']);
    expect(r.targets.every((t) => t.measured === null && t.met === null)).toBe(true);
  }, 60_000);

  it('cost-metrics-pipeline measures time added per span and the heap retained', async () => {
    const r = await run('cost-metrics-pipeline', [
      '--spans=2000',
      '--rounds=1',
      '--scrape-every=1000',
    ]);
    expect(r.status, r.reason).toBe('ok');
    expect(r.targets.map((t) => t.id)).toEqual([
      'added-per-llm-span',
      'retained-per-span',
      'added-per-other-span',
    ]);
    for (const t of measuredTargets(r)) expect(Number.isFinite(t.measured)).toBe(true);
    expect(r.figures.heapGrowth.spans).toBe(10_000);
    expect(r.figures.llm.nsPerSpanWith).toBeGreaterThan(0);
    // The connector's series: 2 models × their metric families, bounded and non-empty.
    expect(r.figures.collection.points).toBeGreaterThan(0);
    expect(r.figures.allocatedBytesPerSpan.with).toBeGreaterThan(0);
  }, 60_000);

  it('rollups-config-metrics measures the time roll-ups, budgets and config metrics add', async () => {
    const r = await run('rollups-config-metrics', ['--turns=500', '--rounds=1']);
    expect(r.status, r.reason).toBe('ok');
    expect(r.targets.map((t) => t.id)).toEqual(['added-per-span']);
    expect(Number.isFinite(r.targets[0].measured)).toBe(true);
    expect(r.figures.nsPerSpanFull).toBeGreaterThan(0);
  }, 60_000);

  it('tail-sampling holds every trace, reports bytes per span held and stays bounded', async () => {
    const r = await run('tail-sampling', ['--traces=300']);
    expect(r.status, r.reason).toBe('ok');
    expect(r.figures.spans).toBe(1200);
    expect(r.figures.stats).toMatchObject({ held: 300, droppedTooEarly: 3000 });
    const [perSpan, , bounded] = r.targets;
    // A held chat span weighs hundreds of bytes: anything smaller means it was not measured.
    expect(perSpan.measured).toBeGreaterThan(200);
    expect(bounded).toMatchObject({ measured: 300, met: true });
  }, 60_000);

  it('langsmith-convert converts every span and reports memory per queued run', async () => {
    const r = await run('langsmith-convert', ['--spans=500', '--rounds=2']);
    expect(r.status, r.reason).toBe('ok');
    expect(r.figures.spans).toBe(500);
    expect(r.figures.rounds).toHaveLength(2);
    const [speed, perRun, perPending] = r.targets;
    expect(speed).toMatchObject({ id: 'spans-per-second', compare: '>=', target: 50_000 });
    expect(speed.measured).toBeGreaterThan(0);
    // A run carries ~0.5 KB of prompt and reply: anything smaller means it was not measured.
    expect(perRun.measured).toBeGreaterThan(500);
    expect(perPending.measured).toBeGreaterThan(0);
  }, 60_000);

  it('cwlogs-events turns every span into records and batches, and bounds a dead endpoint', async () => {
    const r = await run('cwlogs-events', ['--spans=700', '--rounds=1']);
    expect(r.status, r.reason).toBe('ok');
    expect(r.figures.spans).toBe(700);
    // 100 conversations of 7 spans, one chat call in 20 failing: 10 more (error) records.
    expect(r.figures.records).toBe(710);
    const [speed, waiting] = r.targets;
    expect(speed).toMatchObject({ id: 'records-per-second', compare: '>=', target: 100_000 });
    expect(speed.measured).toBeGreaterThan(0);
    expect(waiting).toMatchObject({ id: 'dead-endpoint-waiting', compare: '<=', target: 10_000 });
    expect(waiting.measured).toBeLessThanOrEqual(10_000);
  }, 60_000);

  it('emf-serialize translates every variant and judges the slowest', async () => {
    const r = await run('emf-serialize', ['--seconds=0.3']);
    expect(r.status, r.reason).toBe('ok');
    expect(r.figures.results).toHaveLength(4);
    const slowest = Math.min(...r.figures.results.map((x) => x.points_per_cpu_s));
    expect(r.targets[0]).toMatchObject({ compare: '>=', target: 200_000, measured: slowest });
    for (const x of r.figures.results) expect(x.events_per_collection).toBe(500);
  }, 60_000);

  it('otlp-receive sends every request, answered 200, through the pipelines and reports the three figures', async () => {
    const r = await run('otlp-receive', ['--requests=4', '--rounds=1']);
    expect(r.status, r.reason).toBe('ok');
    expect(r.figures).toMatchObject({ requests: 4, spansPerRequest: 512 });
    expect(r.figures.heapsMiB).toHaveLength(4);
    expect(r.targets.map((t) => t.id)).toEqual([
      'spans-per-second',
      'bytes-per-span',
      'dead-exporter-heap-growth',
    ]);
    expect(r.targets[0]).toMatchObject({ compare: '>=', target: 50_000, unit: 'spans/s' });
    expect(r.targets[1].measured).toBeGreaterThan(300);
  }, 90_000);

  it('openai-pipelines runs genai-otel from its YAML and the peer in its official set-up, each counting every call', async () => {
    const r = await run('openai-pipelines', ['--rounds=2', '--calls=256', '--warmup=256']);
    expect(r.status, r.reason).toBe('ok');
    expect(r.figures).toMatchObject({ rounds: 2, calls: 256, openai: '6.30.1', contrib: '0.22.0' });
    // (256 warm-up + 2 rounds × 256) per mode × 2 modes, for each instrumented variant; each
    // Prometheus endpoint counted exactly its own calls.
    expect(r.figures.made).toEqual({
      none: 1536,
      'genai-otel': 1536,
      'otel-contrib': 1536,
      'span+attrs': 1536,
    });
    expect(r.figures.counted).toEqual({ 'genai-otel': 1536, 'otel-contrib': 1536 });
    // All three pipelines' spans reached the sink: 4,608 spans of several hundred bytes.
    expect(r.figures.sink.bytes).toBeGreaterThan(4608 * 400);
    // The floor's span is genai-otel's, probed from its instrumentation.
    expect(r.figures.floorSpan).toEqual({
      plain: { name: 'chat gpt-4o-mini', atStart: 5, after: 7 },
      stream: { name: 'chat gpt-4o-mini', atStart: 5, after: 9 },
    });
    for (const mode of ['plain', 'stream']) {
      const m = r.figures.modes[mode];
      for (const x of [m.genaiOtel, m.contrib, m.ratio, m.floor, m.floorRatio]) {
        expect(Number.isFinite(x)).toBe(true);
      }
      expect(m.ratioInterval).toHaveLength(2);
      expect(m.floorRatioInterval).toHaveLength(2);
    }
    expect(r.targets.map((t) => [t.id, t.compare, t.target])).toEqual([
      ['vs-contrib/plain', '<=', 0.5],
      ['vs-contrib/stream', '<=', 0.5],
      ['floor/plain', null, null],
      ['floor/stream', null, null],
    ]);
    expect(r.targets[2].measured).toBe(r.figures.modes.plain.floorRatio);
    expect(r.targets[0].measured).toBe(r.figures.modes.plain.ratio);
  }, 90_000);

  it('openai-overhead times the five variants in both modes, reports the cost, and judges it against otel-contrib', async () => {
    const r = await run('openai-overhead', ['--rounds=2', '--calls=50', '--warmup=50']);
    expect(r.status, r.reason).toBe('ok');
    expect(r.figures).toMatchObject({ rounds: 2, calls: 50, serialize: true, openai: '6.30.1' });
    for (const mode of ['plain', 'stream']) {
      const m = r.figures.modes[mode];
      expect(Object.keys(m.usPerCall)).toEqual([
        'none',
        'span',
        'span+attrs',
        'genai-otel',
        'otel-contrib',
      ]);
      for (const us of Object.values(m.usPerCall)) expect(us).toBeGreaterThan(0);
      for (const d of [m.span, m.attributesCost, m.own, m.total, m.contrib]) {
        expect(Number.isFinite(d.median)).toBe(true);
      }
      expect(m.ratioInterval).toHaveLength(2);
    }
    // The peer made one span per call, with its attributes.
    expect(r.figures.contrib.version).toBe('0.22.0');
    expect(r.figures.contrib.attributesPerSpan).toHaveLength(2);
    for (const n of r.figures.contrib.attributesPerSpan) expect(n).toBeGreaterThan(5);
    // The probe found the instrumentation's span: the sampling-relevant attributes at start, the
    // request's others and the reply's after.
    expect(r.figures.modes.plain.attributes).toEqual({ atStart: 5, after: 7 });
    expect(r.figures.modes.stream.attributes).toEqual({ atStart: 5, after: 9 });
    expect(r.targets.map((t) => t.id)).toEqual([
      'own/plain',
      'own/stream',
      'total/plain',
      'total/stream',
      'vs-contrib/plain',
      'vs-contrib/stream',
    ]);
    for (const t of r.targets.slice(0, 4)) {
      expect(t).toMatchObject({ compare: null, target: null, met: null, unit: 'µs' });
      const [kind, mode] = t.id.split('/');
      expect(t.measured).toBe(r.figures.modes[mode][kind].median);
    }
    for (const t of r.targets.slice(4)) {
      expect(t).toMatchObject({ compare: '<=', target: 0.5, unit: '×' });
      expect(t.measured).toBe(r.figures.modes[t.id.split('/')[1]].ratio);
    }
  }, 60_000);

  it('openai-agents-bridge runs the three variants; each bridge emits its spans', async () => {
    const r = await run('openai-agents-bridge', ['--rounds=1', '--runs=3']);
    expect(r.status, r.reason).toBe('ok');
    expect(Object.keys(r.figures.perRun)).toEqual(['sdk', 'genai-otel', 'openinference']);
    // Ours: workflow, 2 agents, guardrail, 2 model calls, tool, handoff; the SDK alone: none.
    expect(r.figures.otelSpansPerRun.sdk).toBe(0);
    expect(r.figures.otelSpansPerRun['genai-otel']).toBe(8);
    // OpenInference: a root per trace and one span per SDK span (task and turn included).
    expect(r.figures.otelSpansPerRun.openinference).toBe(11);
    expect(r.targets.map((t) => t.id)).toEqual(['per-span/ours']);
    expect(r.targets[0].measured).toBe(r.figures.perSpan['genai-otel'].cpu.median);
  }, 120_000);

  it('otlp-encode serialises with both encoders (same bytes) and runs the three pipelines', async () => {
    const r = await run('otlp-encode', ['--rounds=2', '--spans=1024']);
    expect(r.status, r.reason).toBe('ok');
    expect(r.targets.map((t) => t.id)).toEqual(['serialise', 'pipeline']);
    expect(r.targets[0]).toMatchObject({ compare: '<=', target: 1.5, unit: 'µs' });
    expect(r.targets[0].measured).toBe(r.figures.serialisation.encoder);
    expect(r.targets[1].measured).toBe(r.figures.pipeline.genaiOtel.afterEnd);
    // A chat span of 15 attributes is ~700 bytes of protobuf; far less means spans went missing.
    expect(r.figures.serialisation.bytesPerSpan).toBeGreaterThan(500);
    for (const v of ['none', 'official', 'genai-otel']) {
      expect(r.figures.pipeline.rounds[v]).toHaveLength(2);
    }
    // Exports really left: (3 warm-up + 2 rounds) × 2 batches of 512 × 2 exporting pipelines.
    expect(r.figures.pipeline.sink.requests).toBeGreaterThanOrEqual(20);
    // Every span arrived: (3 + 2 rounds) × 1024 spans × 2 pipelines, ~690 B each (none dropped).
    expect(r.figures.pipeline.sink.bytes).toBeGreaterThan(5 * 1024 * 2 * 650);
  }, 90_000);

  it('startup starts the three set-ups in fresh processes and compares genai-otel with sdk-node', async () => {
    const r = await run('startup', ['--runs=1']);
    expect(r.status, r.reason).toBe('ok');
    expect(Object.keys(r.figures.setups)).toEqual(['node', 'sdk-node', 'genai-otel']);
    for (const s of Object.values(r.figures.setups)) {
      expect(s.runs).toHaveLength(1);
      // Node itself needs tens of MiB and ms; zeros would mean the usage was not read.
      expect(s.rssMiB).toBeGreaterThan(20);
      expect(s.cpuMs).toBeGreaterThan(10);
    }
    expect(r.targets.map((t) => t.id)).toEqual(['cpu', 'rss']);
    expect(r.targets[0].measured).toBeCloseTo(
      r.figures.setups['genai-otel'].cpuMs / r.figures.setups['sdk-node'].cpuMs,
    );
  }, 180_000);

  it('reports a bench that fails as failed', async () => {
    const r = await run('emf-serialize', ['--no-such-option']);
    expect(r).toMatchObject({ bench: 'emf-serialize', status: 'failed' });
    expect(r.reason).toMatch(/^exited with 1: TypeError .*Unknown option '--no-such-option'/);
  }, 60_000);
});
