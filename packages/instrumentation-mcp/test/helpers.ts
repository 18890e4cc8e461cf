import { createRequire } from 'node:module';
import { createTestTracing } from '@genai-otel/test-utils';
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { isWrapped } from '@opentelemetry/instrumentation';
import { McpInstrumentation } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: the SDK is loaded by name through require.
export type SDK = any;

// TracerProvider + in-memory exporter + AsyncLocalStorage context manager; W3C propagation, as
// the sdk configures it.
export const tracing = createTestTracing();
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

/** Enabled before the SDK is required, so require-in-the-middle patches it on load. */
export const instrumentation = new McpInstrumentation();
instrumentation.setTracerProvider(tracing.tracerProvider);

const require = createRequire(import.meta.url);

/** The SDK's client, server and in-memory transport, through Node's require (hooked). */
export function loadSdk(): { Client: SDK; McpServer: SDK; InMemoryTransport: SDK; McpError: SDK } {
  const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
  const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp.js');
  const { InMemoryTransport } = require('@modelcontextprotocol/sdk/inMemory.js');
  const { McpError } = require('@modelcontextprotocol/sdk/types.js');
  const { Protocol } = require('@modelcontextprotocol/sdk/shared/protocol.js');
  if (!isWrapped(Protocol.prototype.request)) throw new Error('the MCP SDK was not patched');
  return { Client, McpServer, InMemoryTransport, McpError };
}
