#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AgentScenario } from './bedrock/agent-scenario.js';
import { startMockLLMServer } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'latency-ms': { type: 'string', default: '0' },
    'chunk-delay-ms': { type: 'string', default: '0' },
    'agent-scenarios': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'Usage: genai-otel-mock-llm [--port 0] [--host 127.0.0.1] [--latency-ms 0] [--chunk-delay-ms 0]\n' +
      '                           [--agent-scenarios scenarios.json  ({"<agentId>|*": scenario})]\n',
  );
  process.exit(0);
}

/** `{ "<agentId>" | "*": scenario }` from a JSON file; a bad file stops the CLI with one line. */
function readScenarios(file: string): Record<string, AgentScenario> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, AgentScenario>;
    }
    throw new Error('expected a JSON object keyed by agent id');
  } catch (err) {
    process.stderr.write(
      `genai-otel-mock-llm: --agent-scenarios ${file}: ${(err as Error).message}\n`,
    );
    process.exit(2);
  }
}

const scenarios = values['agent-scenarios'];
const server = await startMockLLMServer({
  port: Number(values.port),
  host: values.host,
  latencyMs: Number(values['latency-ms']),
  chunkDelayMs: Number(values['chunk-delay-ms']),
  ...(scenarios ? { agentScenarios: readScenarios(scenarios) } : {}),
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
