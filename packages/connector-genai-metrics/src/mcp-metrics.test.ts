import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_SESSION_ID,
  ATTR_NETWORK_TRANSPORT,
  METRIC_GEN_AI_TOOL_DURATION,
  METRIC_MCP_CLIENT_OPERATION_DURATION,
  METRIC_MCP_SERVER_OPERATION_DURATION,
} from '@genai-otel/semantic-conventions';
import { type Attributes, SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { GenAIMetricsConnector } from './genai-metrics-connector.js';
import { type Harness, harness } from './test-helpers.js';

let h: Harness;
afterEach(() => h.shutdown());

function end(kind: SpanKind, name: string, attributes: Attributes, seconds: number): void {
  const start = 1_700_000_000_000;
  const span = h.tracing.tracerProvider
    .getTracer('mcp')
    .startSpan(name, { kind, attributes, startTime: start });
  span.end(start + seconds * 1000);
}

const call = (id: string, extra: Attributes = {}): Attributes => ({
  [ATTR_MCP_METHOD_NAME]: 'tools/call',
  [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
  [ATTR_GEN_AI_TOOL_NAME]: 'get-weather',
  [ATTR_JSONRPC_REQUEST_ID]: id,
  [ATTR_MCP_SESSION_ID]: `session-${id}`,
  [ATTR_MCP_PROTOCOL_VERSION]: '2025-11-25',
  [ATTR_NETWORK_TRANSPORT]: 'pipe',
  ...extra,
});

describe('MCP operation durations', () => {
  it('client and server spans each feed their histogram, without ids or session; a tool call counts once', async () => {
    h = harness(new GenAIMetricsConnector());
    end(SpanKind.CLIENT, 'tools/call get-weather', call('1'), 0.03);
    end(SpanKind.SERVER, 'tools/call get-weather', call('1'), 0.02);
    end(SpanKind.CLIENT, 'tools/call get-weather', call('2'), 0.3);
    end(
      SpanKind.SERVER,
      'tools/call get-weather',
      call('2', { [ATTR_ERROR_TYPE]: 'tool_error' }),
      0.2,
    );
    end(SpanKind.CLIENT, 'tools/list', { [ATTR_MCP_METHOD_NAME]: 'tools/list' }, 0.01);
    await h.collect();

    const client = h.histograms(METRIC_MCP_CLIENT_OPERATION_DURATION.name);
    expect(client.map((p) => [p.attributes, p.value.count, p.value.sum])).toEqual([
      [
        {
          [ATTR_MCP_METHOD_NAME]: 'tools/call',
          [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
          [ATTR_GEN_AI_TOOL_NAME]: 'get-weather',
          [ATTR_MCP_PROTOCOL_VERSION]: '2025-11-25',
          [ATTR_NETWORK_TRANSPORT]: 'pipe',
        },
        2,
        expect.closeTo(0.33, 9),
      ],
      [{ [ATTR_MCP_METHOD_NAME]: 'tools/list' }, 1, expect.closeTo(0.01, 9)],
    ]);
    const server = h.histograms(METRIC_MCP_SERVER_OPERATION_DURATION.name);
    expect(server.map((p) => [p.attributes[ATTR_ERROR_TYPE], p.value.count])).toEqual([
      [undefined, 1],
      ['tool_error', 1],
    ]);
    // The conventions' buckets.
    expect(server[0]!.value.buckets.boundaries).toEqual([
      0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300,
    ]);
    // The tool metric counts the calls made (client side), not each side of them.
    const tools = h.histograms(METRIC_GEN_AI_TOOL_DURATION.name);
    expect(tools.map((p) => p.value.count)).toEqual([2]);
  });
});
