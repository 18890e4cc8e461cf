import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_RESOURCE_URI,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  GEN_AI_OPERATION,
  MCP_ERROR_TYPE_TOOL_ERROR,
} from '@genai-otel/semantic-conventions';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instrumentation, loadSdk, type SDK, tracing } from './helpers.js';

const { Client, McpServer, InMemoryTransport } = loadSdk();

/** A server with one tool, one failing tool, a prompt and a resource; a client connected to it. */
async function connect(): Promise<{ client: SDK; server: SDK }> {
  const server = new McpServer({ name: 'weather', version: '1.0.0' });
  server.registerTool(
    'get-weather',
    { description: 'The weather in a city', inputSchema: { city: z.string() } },
    async ({ city }: { city: string }) => ({
      content: [
        {
          type: 'text',
          text: `${city}: 21°C, trace ${trace.getActiveSpan()?.spanContext().traceId}`,
        },
      ],
    }),
  );
  server.registerTool('broken', { description: 'Always fails' }, async () => {
    throw new Error('the station is down');
  });
  server.registerPrompt('greet', { description: 'Say hello' }, async () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'Hello' } }],
  }));
  server.registerResource('readme', 'file:///readme.md', {}, async (uri: URL) => ({
    contents: [{ uri: uri.href, text: '# Readme' }],
  }));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'agent', version: '1.0.0' });
  await client.connect(clientSide);
  return { client, server };
}

function byName(name: string, kind: SpanKind): ReadableSpan {
  const found = tracing.spans().filter((s) => s.name === name && s.kind === kind);
  expect(found, `${name} (${SpanKind[kind]})`).toHaveLength(1);
  return found[0]!;
}

describe('MCP client and server in one process (in-memory transport)', () => {
  let open: { client: SDK; server: SDK } | undefined;
  beforeEach(() => {
    tracing.reset();
    instrumentation.setConfig({});
  });
  afterEach(async () => {
    await open?.client.close();
    open = undefined;
  });

  it('initialize: one CLIENT and one SERVER span, the protocol version negotiated', async () => {
    open = await connect();
    const client = byName('initialize', SpanKind.CLIENT);
    const server = byName('initialize', SpanKind.SERVER);
    expect(client.attributes).toMatchObject({
      [ATTR_MCP_METHOD_NAME]: 'initialize',
      [ATTR_JSONRPC_REQUEST_ID]: '0',
      [ATTR_MCP_PROTOCOL_VERSION]: '2025-11-25',
    });
    expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(server.spanContext().traceId).toBe(client.spanContext().traceId);
  });

  it('tools/call: execute_tool spans named after the tool, the server span under the client one', async () => {
    open = await connect();
    tracing.reset();
    const result = await open.client.callTool({
      name: 'get-weather',
      arguments: { city: 'Paris' },
    });
    const client = byName('tools/call get-weather', SpanKind.CLIENT);
    const server = byName('tools/call get-weather', SpanKind.SERVER);
    expect(tracing.spans()).toHaveLength(2);
    for (const span of [client, server]) {
      expect(span.attributes).toMatchObject({
        [ATTR_MCP_METHOD_NAME]: 'tools/call',
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
        [ATTR_GEN_AI_TOOL_NAME]: 'get-weather',
        [ATTR_JSONRPC_REQUEST_ID]: '1',
        [ATTR_MCP_PROTOCOL_VERSION]: '2025-11-25',
      });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      // Content is off by default.
      expect(span.attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBeUndefined();
    }
    expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    // The tool ran inside the server span: its trace is the client's.
    expect(result.content[0].text).toBe(`Paris: 21°C, trace ${client.spanContext().traceId}`);
  });

  it('joins the caller’s trace and leaves the caller’s params untouched', async () => {
    open = await connect();
    tracing.reset();
    const parent = tracing.tracerProvider.getTracer('app').startSpan('agent turn');
    const params = { name: 'get-weather', arguments: { city: 'Oslo' } };
    await context.with(trace.setSpan(context.active(), parent), () =>
      open!.client.callTool(params),
    );
    parent.end();
    expect(params).toEqual({ name: 'get-weather', arguments: { city: 'Oslo' } });
    const client = byName('tools/call get-weather', SpanKind.CLIENT);
    const server = byName('tools/call get-weather', SpanKind.SERVER);
    expect(client.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(server.spanContext().traceId).toBe(parent.spanContext().traceId);
  });

  it('under a framework’s execute_tool span: MCP attributes on it, no second client span', async () => {
    open = await connect();
    tracing.reset();
    const outer = tracing.tracerProvider.getTracer('framework').startSpan('execute_tool weather', {
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
        [ATTR_GEN_AI_TOOL_NAME]: 'weather',
      },
    });
    await context.with(trace.setSpan(context.active(), outer), () =>
      open!.client.callTool({ name: 'get-weather', arguments: { city: 'Kyiv' } }),
    );
    outer.end();
    expect(
      tracing
        .spans()
        .map((s) => `${SpanKind[s.kind]} ${s.name}`)
        .sort(),
    ).toEqual(['INTERNAL execute_tool weather', 'SERVER tools/call get-weather']);
    const framework = byName('execute_tool weather', SpanKind.INTERNAL);
    expect(framework.attributes).toMatchObject({
      [ATTR_MCP_METHOD_NAME]: 'tools/call',
      [ATTR_GEN_AI_TOOL_NAME]: 'weather',
      [ATTR_JSONRPC_REQUEST_ID]: '1',
    });
    const server = byName('tools/call get-weather', SpanKind.SERVER);
    expect(server.parentSpanContext?.spanId).toBe(framework.spanContext().spanId);
  });

  it('a tool that fails: tool_error on both sides, status ERROR with its message', async () => {
    open = await connect();
    tracing.reset();
    const result = await open.client.callTool({ name: 'broken', arguments: {} });
    expect(result.isError).toBe(true);
    for (const kind of [SpanKind.CLIENT, SpanKind.SERVER]) {
      const span = byName('tools/call broken', kind);
      expect(span.attributes[ATTR_ERROR_TYPE]).toBe(MCP_ERROR_TYPE_TOOL_ERROR);
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'the station is down' });
    }
  });

  it('a JSON-RPC error: the code is error.type and rpc.response.status_code', async () => {
    open = await connect();
    tracing.reset();
    await expect(open.client.getPrompt({ name: 'nope' })).rejects.toThrow(/nope/);
    for (const kind of [SpanKind.CLIENT, SpanKind.SERVER]) {
      const span = byName('prompts/get nope', kind);
      expect(span.attributes).toMatchObject({
        [ATTR_GEN_AI_PROMPT_NAME]: 'nope',
        [ATTR_ERROR_TYPE]: '-32602',
        [ATTR_RPC_RESPONSE_STATUS_CODE]: '-32602',
      });
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
    }
  });

  it('lists, prompts and resources: one span pair each, with their target', async () => {
    open = await connect();
    tracing.reset();
    await open.client.listTools();
    await open.client.getPrompt({ name: 'greet' });
    await open.client.readResource({ uri: 'file:///readme.md' });
    expect(
      tracing
        .spans()
        .map((s) => `${SpanKind[s.kind]} ${s.name}`)
        .sort(),
    ).toEqual([
      'CLIENT prompts/get greet',
      'CLIENT resources/read',
      'CLIENT tools/list',
      'SERVER prompts/get greet',
      'SERVER resources/read',
      'SERVER tools/list',
    ]);
    expect(byName('resources/read', SpanKind.SERVER).attributes[ATTR_MCP_RESOURCE_URI]).toBe(
      'file:///readme.md',
    );
    expect(
      byName('tools/list', SpanKind.CLIENT).attributes[ATTR_GEN_AI_OPERATION_NAME],
    ).toBeUndefined();
  });

  it('captures arguments and result when content capture is on', async () => {
    instrumentation.setConfig({ captureMessageContent: true });
    open = await connect();
    tracing.reset();
    await open.client.callTool({ name: 'get-weather', arguments: { city: 'Rome' } });
    const client = byName('tools/call get-weather', SpanKind.CLIENT);
    expect(client.attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBe('{"city":"Rome"}');
    expect(String(client.attributes['gen_ai.tool.call.result'])).toContain('Rome: 21°C');
  });

  it('disabled, even after the server registered its handlers: no spans, the calls work', async () => {
    open = await connect();
    tracing.reset();
    instrumentation.disable();
    try {
      const result = await open.client.callTool({
        name: 'get-weather',
        arguments: { city: 'Lima' },
      });
      expect(result.content[0].text).toMatch(/^Lima: 21°C/);
      expect(tracing.spans()).toEqual([]);
    } finally {
      instrumentation.enable();
    }
  });
});
