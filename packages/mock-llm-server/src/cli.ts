#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startMockLLMServer } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'latency-ms': { type: 'string', default: '0' },
    'chunk-delay-ms': { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'Usage: genai-otel-mock-llm [--port 0] [--host 127.0.0.1] [--latency-ms 0] [--chunk-delay-ms 0]\n',
  );
  process.exit(0);
}

const server = await startMockLLMServer({
  port: Number(values.port),
  host: values.host,
  latencyMs: Number(values['latency-ms']),
  chunkDelayMs: Number(values['chunk-delay-ms']),
});
// The URL alone on its own line, so scripts can read it from the first line of stdout.
process.stdout.write(`${server.url}\n`);

const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
