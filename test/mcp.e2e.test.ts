/**
 * MCP across two processes, both under `node --import @genai-otel/register` with no tracing
 * code: a client (the real @modelcontextprotocol/sdk) starts a server over stdio, lists its
 * tools and calls them. Each side exports its own spans and `genai_metrics` metrics to files;
 * the server's spans are children of the client's, in the client's traces (context carried in
 * `params._meta`).
 */
import { join } from 'node:path';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_NETWORK_TRANSPORT,
  METRIC_GEN_AI_TOOL_DURATION,
  METRIC_MCP_CLIENT_OPERATION_DURATION,
  METRIC_MCP_SERVER_OPERATION_DURATION,
} from '@genai-otel/semantic-conventions';
import { type FlatMetric, readJsonlMetrics, readJsonlSpans } from '@genai-otel/test-utils';
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { spansAndMetricsYaml } from './support/config.js';
import { runApp, useTempDirs, writeConfig } from './support/run-app.js';

function yaml(dir: string, side: string): string {
  return spansAndMetricsYaml(join(dir, `${side}-spans.jsonl`), join(dir, `${side}-metrics.jsonl`));
}

const REQUESTS = [
  'initialize',
  'tools/list',
  'tools/call get-weather',
  'tools/call get-weather',
  'tools/call broken',
];

/** `name → count` of a histogram's points, by one attribute. */
function counts(metric: FlatMetric | undefined, key: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of metric?.dataPoints ?? []) {
    const k = String(p.attributes[key]);
    out[k] = (out[k] ?? 0) + p.count!;
  }
  return out;
}

describe('MCP client and server processes over stdio', () => {
  const tempDir = useTempDirs();

  it('one trace per request across both processes, tool calls as execute_tool, exact duration counts', async () => {
    const dir = await tempDir();
    const run = await runApp('mcp-client.mjs', {
      GENAI_OTEL_CONFIG: await writeConfig(dir, yaml(dir, 'client'), 'client.yaml'),
      MCP_SERVER_CONFIG: await writeConfig(dir, yaml(dir, 'server'), 'server.yaml'),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'RESULT {"tools":["get-weather","broken"],"texts":["Paris: 21°C","Oslo: 21°C","the station is down"],"isError":[false,false,true]}',
    );

    const client = await readJsonlSpans(join(dir, 'client-spans.jsonl'));
    const server = await readJsonlSpans(join(dir, 'server-spans.jsonl'));
    expect(client.map((s) => s.name).sort()).toEqual([...REQUESTS].sort());
    expect(server.map((s) => s.name).sort()).toEqual([...REQUESTS].sort());
    expect(client.every((s) => s.kind === SpanKind.CLIENT && s.parentSpanId === undefined)).toBe(
      true,
    );
    expect(server.every((s) => s.kind === SpanKind.SERVER)).toBe(true);
    // Each server span is the child of the client span of the same request id, in its trace.
    for (const s of server) {
      const id = s.attributes[ATTR_JSONRPC_REQUEST_ID];
      const c = client.find((x) => x.attributes[ATTR_JSONRPC_REQUEST_ID] === id)!;
      expect([s.traceId, s.parentSpanId, s.name]).toEqual([c.traceId, c.spanId, c.name]);
    }
    expect(new Set(client.map((s) => s.traceId)).size).toBe(5);
    for (const s of [...client, ...server]) {
      expect(s.attributes).toMatchObject({
        [ATTR_NETWORK_TRANSPORT]: 'pipe',
        [ATTR_MCP_PROTOCOL_VERSION]: '2025-11-25',
      });
      const isCall = s.attributes[ATTR_MCP_METHOD_NAME] === 'tools/call';
      expect(s.attributes[ATTR_GEN_AI_OPERATION_NAME]).toBe(isCall ? 'execute_tool' : undefined);
      if (isCall) expect(s.name).toBe(`tools/call ${s.attributes[ATTR_GEN_AI_TOOL_NAME]}`);
      const broken = s.attributes[ATTR_GEN_AI_TOOL_NAME] === 'broken';
      expect(s.attributes[ATTR_ERROR_TYPE]).toBe(broken ? 'tool_error' : undefined);
      expect(s.status.code).toBe(broken ? 2 : 0);
    }

    const last = (m: FlatMetric[], name: string) => m.filter((x) => x.name === name).at(-1);
    const cm = await readJsonlMetrics(join(dir, 'client-metrics.jsonl'));
    const sm = await readJsonlMetrics(join(dir, 'server-metrics.jsonl'));
    const byMethod = { initialize: 1, 'tools/list': 1, 'tools/call': 3 };
    expect(
      counts(last(cm, METRIC_MCP_CLIENT_OPERATION_DURATION.name), ATTR_MCP_METHOD_NAME),
    ).toEqual(byMethod);
    expect(
      counts(last(sm, METRIC_MCP_SERVER_OPERATION_DURATION.name), ATTR_MCP_METHOD_NAME),
    ).toEqual(byMethod);
    expect(last(cm, METRIC_MCP_SERVER_OPERATION_DURATION.name)).toBeUndefined();
    expect(last(sm, METRIC_MCP_CLIENT_OPERATION_DURATION.name)).toBeUndefined();
    // Tool calls counted once, by the side that made them.
    expect(counts(last(cm, METRIC_GEN_AI_TOOL_DURATION.name), ATTR_GEN_AI_TOOL_NAME)).toEqual({
      'get-weather': 2,
      broken: 1,
    });
    expect(last(sm, METRIC_GEN_AI_TOOL_DURATION.name)).toBeUndefined();
  });
});
