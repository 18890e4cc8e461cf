// Issue 11: spans received over OTLP/HTTP protobuf → priced (genai_cost) → counted (genai_metrics,
// read by a prometheus exporter) → exported (otlp_http, protobuf) by the sdk's own pipelines, at
// least 50,000 spans/s on one core; spans/s and bytes/span reported; memory flat under a dead
// exporter. The collector is this process; the load (the official OTel JS SDK's protobuf
// serializer, pre-encoded requests of 512 GenAI spans, 4 at a time over keep-alive) and the
// downstream OTLP sink are child processes, so the CPU time measured is the collector's alone.
//   node --expose-gc bench/components/otlp-receive.mjs [--quick] [--json] [--requests=N] [--rounds=K]
// (after a build; `npm run bench -- --only=otlp-receive` builds and runs it).
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@genai-otel/config';
import { createDefaultRegistry, createLogger, startFromConfig } from '@genai-otel/sdk';
import { componentArgs, sized, startComponent } from '../lib/component-io.mjs';
import { freePort } from '../lib/free-port.mjs';
import { median } from '../lib/stats.mjs';

const SPANS_PER_REQUEST = 512;
const CONCURRENCY = 4;
const self = fileURLToPath(import.meta.url);

const role = process.env.OTLP_BENCH_ROLE;
// A helper whose parent is gone (a failed run) must not keep serving.
if (role) process.on('disconnect', () => process.exit(0));
if (role === 'sink') await sink();
else if (role === 'client') await client();
else
  await main().catch((error) => {
    console.error(error);
    process.exit(1);
  });

/** The downstream collector: answers every export at once with an empty success. */
async function sink() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (m) => m === 'stop' && server.close(() => process.exit(0)));
}

/** The load: `requests` pre-encoded Export requests, CONCURRENCY at a time, statuses counted. */
async function client() {
  const { ProtobufTraceSerializer } = await import('@opentelemetry/otlp-transformer');
  const { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import(
    '@opentelemetry/sdk-trace'
  );
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const { Agent, request } = await import('node:http');
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'py-agents',
      'telemetry.sdk.language': 'python',
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('opentelemetry.instrumentation.openai_v2', '2.2b0');
  const models = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'claude-3-5-haiku-20241022'];
  const bodies = [];
  for (let b = 0; b < 8; b++) {
    exporter.reset();
    for (let i = 0; i < SPANS_PER_REQUEST; i++) {
      const model = models[(b + i) % models.length];
      tracer
        .startSpan(`chat ${model}`, {
          kind: 2,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.system': model.startsWith('claude') ? 'anthropic' : 'openai',
            'gen_ai.request.model': model,
            'gen_ai.request.temperature': 0.2,
            'gen_ai.response.model': model,
            'gen_ai.response.id': `chatcmpl-${b}-${i}`,
            'gen_ai.response.finish_reasons': ['stop'],
            'gen_ai.usage.input_tokens': 1000 + i,
            'gen_ai.usage.output_tokens': 200 + (i % 50),
            'server.address': 'api.openai.com',
            'server.port': 443,
          },
        })
        .end();
    }
    bodies.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())));
  }
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const post = (port, body) =>
    new Promise((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/traces',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode, retryAfter: Number(res.headers['retry-after']) }),
          );
        },
      );
      req.on('error', () => resolve({ status: 0 }));
      req.end(body);
    });
  process.send({
    bytesPerSpan: bodies.reduce((a, b) => a + b.length, 0) / (bodies.length * SPANS_PER_REQUEST),
  });
  process.on('message', async ({ port, requests }) => {
    const statuses = {};
    let next = 0;
    // As an OTLP exporter does: a 503 (the collector's export queue is full) is retried after
    // its Retry-After (here at most 200 ms); the retries are counted apart.
    const worker = async () => {
      while (next < requests) {
        const body = bodies[next++ % bodies.length];
        for (;;) {
          const { status, retryAfter } = await post(port, body);
          if (status !== 503) {
            statuses[status] = (statuses[status] ?? 0) + 1;
            break;
          }
          statuses.retried503 = (statuses.retried503 ?? 0) + 1;
          await new Promise((r) => setTimeout(r, Math.min((retryAfter || 0.05) * 1000, 200)));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    process.send({ statuses });
  });
}

function child(which) {
  const c = fork(self, process.argv.slice(2), {
    env: { ...process.env, OTLP_BENCH_ROLE: which },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = () => new Promise((resolve) => c.once('message', resolve));
  return { c, next };
}

function collector(receiverPort, exportTo, promPort) {
  const yaml = `
receivers:
  otlp: { protocols: { http: { endpoint: "127.0.0.1:${receiverPort}" } } }
processors:
  genai_cost: {}
  batch: { timeout: 200ms, send_batch_size: 512 }
connectors:
  genai_metrics: {}
exporters:
  otlp_http: { endpoint: "${exportTo}", encoding: proto }
  prometheus: { endpoint: "127.0.0.1:${promPort}" }
service:
  pipelines:
    traces: { receivers: [otlp], processors: [genai_cost, batch], exporters: [otlp_http, genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [prometheus] }
`;
  const registry = createDefaultRegistry();
  const lines = [];
  const otel = startFromConfig(parseConfig(yaml, { catalog: registry }), {
    registry,
    registerGlobals: false,
    logger: createLogger({ level: 'warn', write: (l) => lines.push(l) }),
  });
  return { otel, lines, port: receiverPort };
}

function heapMiB() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

async function main() {
  const args = componentArgs({ requests: { type: 'string' }, rounds: { type: 'string' } });
  const REQUESTS = sized(args.requests, 400, 100, args.quick);
  const ROUNDS = sized(args.rounds, 5, 2, args.quick);
  const TARGET = 50_000;
  const bench = startComponent('otlp-receive', args);
  if (!globalThis.gc) bench.say('(run with node --expose-gc for the memory figures)');

  const down = child('sink');
  const { port: sinkPort } = await down.next();
  const load = child('client');
  const { bytesPerSpan } = await load.next();
  const run = async (port, requests) => {
    load.c.send({ port, requests });
    const { statuses } = await load.next();
    return statuses;
  };

  // Live exporter: throughput.
  const live = collector(await freePort(), `http://127.0.0.1:${sinkPort}`, await freePort());
  await live.otel.ready;
  const receiverPort = live.port;
  await run(receiverPort, Math.ceil(REQUESTS / 4)); // warm-up
  await live.otel.forceFlush();
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const statuses = await run(receiverPort, REQUESTS);
    await live.otel.forceFlush();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    if (statuses[200] !== REQUESTS) throw new Error(`answers: ${JSON.stringify(statuses)}`);
    const spans = REQUESTS * SPANS_PER_REQUEST;
    rounds.push({
      perCpu: spans / ((cpu.user + cpu.system) / 1e6),
      perWall: spans / seconds,
      retried: statuses.retried503 ?? 0,
    });
  }
  await live.otel.shutdown();
  const perCpu = median(rounds.map((r) => r.perCpu));
  const perWall = median(rounds.map((r) => r.perWall));
  bench.say(
    `received → priced → counted → exported: ${Math.round(perCpu).toLocaleString('en')} spans per CPU-second of the collector, ` +
      `${Math.round(perWall).toLocaleString('en')} spans/s wall clock (median of ${ROUNDS} rounds of ${(REQUESTS * SPANS_PER_REQUEST).toLocaleString('en')} spans)`,
  );
  bench.say(`on the wire: ${bytesPerSpan.toFixed(0)} B per span (OTLP protobuf, uncompressed)`);
  bench.say(
    `503 (export queue full) answers retried by the sender, per round: ${rounds.map((r) => r.retried).join(', ')}`,
  );

  // Dead exporter: the heap after each stretch of load must not grow with the spans sent.
  const dead = collector(
    await freePort(),
    `http://127.0.0.1:${await freePort()}`,
    await freePort(),
  );
  await dead.otel.ready;
  const deadPort = dead.port;
  await run(deadPort, Math.ceil(REQUESTS / 4));
  const heaps = [];
  for (let r = 0; r < 4; r++) {
    await run(deadPort, REQUESTS);
    heaps.push(heapMiB());
  }
  await dead.otel.shutdown(1000);
  const growth = heaps.at(-1) - heaps[0];
  const spansBetween = 3 * REQUESTS * SPANS_PER_REQUEST;
  bench.say(
    `dead exporter: heap after each ${(REQUESTS * SPANS_PER_REQUEST).toLocaleString('en')} spans: ${heaps.map((h) => h.toFixed(1)).join(' → ')} MiB ` +
      `(${((growth * 1024 * 1024) / spansBetween).toFixed(2)} B per span over ${spansBetween.toLocaleString('en')} spans)`,
  );
  down.c.send('stop');
  load.c.kill();

  bench.finish({
    title: 'OTLP receive → genai_cost → genai_metrics → otlp_http',
    targets: [
      {
        id: 'spans-per-second',
        what: 'spans received over OTLP/HTTP protobuf → priced → counted → exported, one core, CPU time',
        compare: '>=',
        target: TARGET,
        unit: 'spans/s',
        measured: perCpu,
      },
      {
        id: 'bytes-per-span',
        what: 'OTLP protobuf bytes per GenAI span received',
        compare: null,
        target: null,
        unit: 'B',
        measured: bytesPerSpan,
      },
      {
        id: 'dead-exporter-heap-growth',
        what: 'heap growth per span under a dead exporter',
        compare: '<',
        target: 1,
        unit: 'B',
        measured: globalThis.gc ? (growth * 1024 * 1024) / spansBetween : null,
        ...(globalThis.gc ? {} : { note: 'needs node --expose-gc' }),
      },
    ],
    figures: {
      rounds,
      perWall,
      heapsMiB: heaps,
      requests: REQUESTS,
      spansPerRequest: SPANS_PER_REQUEST,
    },
  });
  process.exit(0);
}
