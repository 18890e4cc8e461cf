import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_NAME,
} from './attributes.js';
import type { MetricDefinition } from './metrics.js';
import { ATTR_GEN_AI_PROMPT_NAME } from './prompt.js';

// Model Context Protocol: the OpenTelemetry MCP semantic conventions (status Development,
// semantic-conventions `docs/gen-ai/mcp.md`, `model/mcp/registry.yaml`). Spans are named
// `{mcp.method.name} {target}` (target: the tool or prompt name), else the method alone; CLIENT
// kind for the side that sends a request, SERVER for the side that handles it.

/** The JSON-RPC method: `tools/call`, `tools/list`, `initialize`, `resources/read` … */
export const ATTR_MCP_METHOD_NAME = 'mcp.method.name';
/** The session id (`Mcp-Session-Id` of the streamable HTTP transport). */
export const ATTR_MCP_SESSION_ID = 'mcp.session.id';
/** The protocol version the session negotiated (`2025-06-18`). */
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version';
/** The resource a `resources/read`, `resources/subscribe` … names. */
export const ATTR_MCP_RESOURCE_URI = 'mcp.resource.uri';
/** The JSON-RPC request id, as a string (none for notifications). */
export const ATTR_JSONRPC_REQUEST_ID = 'jsonrpc.request.id';
/** The JSON-RPC error code of a failed request, as a string (`-32602`). */
export const ATTR_RPC_RESPONSE_STATUS_CODE = 'rpc.response.status_code';
/** `pipe` (stdio), `tcp` (HTTP). */
export const ATTR_NETWORK_TRANSPORT = 'network.transport';
/** `http` for the HTTP transports. */
export const ATTR_NETWORK_PROTOCOL_NAME = 'network.protocol.name';

/** Values of `network.transport`. */
export const NETWORK_TRANSPORT = { PIPE: 'pipe', TCP: 'tcp' } as const;

/** `error.type` of a `tools/call` whose result says `isError: true`. */
export const MCP_ERROR_TYPE_TOOL_ERROR = 'tool_error';

/** The `params._meta` keys trace context travels in (SEP-414): the W3C header names. */
export const MCP_META_TRACEPARENT = 'traceparent';
export const MCP_META_TRACESTATE = 'tracestate';
export const MCP_META_BAGGAGE = 'baggage';

/** Boundaries the MCP conventions advise for the operation and session durations, in seconds. */
export const MCP_DURATION_BUCKETS: readonly number[] = [
  0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300,
];

/** Attributes of the operation-duration histograms: the span's, less ids and session. */
export const MCP_OPERATION_METRIC_ATTRIBUTES: readonly string[] = [
  ATTR_MCP_METHOD_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_NETWORK_TRANSPORT,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ATTR_ERROR_TYPE,
];

export const METRIC_MCP_CLIENT_OPERATION_DURATION: MetricDefinition = {
  name: 'mcp.client.operation.duration',
  unit: 's',
  description: 'Duration of an MCP request or notification as seen by the sender',
  buckets: MCP_DURATION_BUCKETS,
};

export const METRIC_MCP_SERVER_OPERATION_DURATION: MetricDefinition = {
  name: 'mcp.server.operation.duration',
  unit: 's',
  description: 'Duration of an MCP request or notification as seen by the receiver',
  buckets: MCP_DURATION_BUCKETS,
};
