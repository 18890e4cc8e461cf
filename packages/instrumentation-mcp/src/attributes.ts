import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_RESOURCE_URI,
  ATTR_MCP_SESSION_ID,
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_TRANSPORT,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION,
  MCP_ERROR_TYPE_TOOL_ERROR,
  NETWORK_TRANSPORT,
} from '@genai-otel/semantic-conventions';
import { type Attributes, type Span, SpanStatusCode } from '@opentelemetry/api';
import type { McpRequest, McpTransport } from './internal-types.js';

/** Methods whose params name a resource (`mcp.resource.uri`). */
const RESOURCE_METHODS = new Set([
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
  'notifications/resources/updated',
]);

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The span name: `{method} {target}` for a tool or prompt, else the method. */
export function spanName(method: string, request: McpRequest): string {
  const target =
    method === 'tools/call' || method === 'prompts/get' ? str(request.params?.name) : undefined;
  return target === undefined ? method : `${method} ${target}`;
}

/** What the request itself says: method, tool / prompt / resource, request id. */
export function requestAttributes(method: string, request: McpRequest, id: unknown): Attributes {
  const attrs: Attributes = { [ATTR_MCP_METHOD_NAME]: method };
  const params = request.params;
  if (method === 'tools/call') {
    attrs[ATTR_GEN_AI_OPERATION_NAME] = GEN_AI_OPERATION.EXECUTE_TOOL;
    const name = str(params?.name);
    if (name !== undefined) attrs[ATTR_GEN_AI_TOOL_NAME] = name;
  } else if (method === 'prompts/get') {
    const name = str(params?.name);
    if (name !== undefined) attrs[ATTR_GEN_AI_PROMPT_NAME] = name;
  } else if (RESOURCE_METHODS.has(method)) {
    const uri = str(params?.uri);
    if (uri !== undefined) attrs[ATTR_MCP_RESOURCE_URI] = uri;
  }
  if (typeof id === 'number' || typeof id === 'string') attrs[ATTR_JSONRPC_REQUEST_ID] = String(id);
  return attrs;
}

/**
 * Transport, session and (client side) server address. The transport is told by its class
 * name, the only thing the SDK's transports have in common: `Stdio…` is a pipe, the HTTP and
 * SSE ones TCP.
 */
export function transportAttributes(
  transport: McpTransport | undefined,
  sessionId: unknown,
  protocolVersion: string | undefined,
  attrs: Attributes,
  client: boolean,
): void {
  const session = str(sessionId) ?? str(transport?.sessionId);
  if (session !== undefined) attrs[ATTR_MCP_SESSION_ID] = session;
  if (protocolVersion !== undefined) attrs[ATTR_MCP_PROTOCOL_VERSION] = protocolVersion;
  const kind = str(transport?.constructor?.name);
  if (kind === undefined) return;
  if (kind.startsWith('Stdio')) attrs[ATTR_NETWORK_TRANSPORT] = NETWORK_TRANSPORT.PIPE;
  else if (kind.includes('HTTP') || kind.startsWith('SSE')) {
    attrs[ATTR_NETWORK_TRANSPORT] = NETWORK_TRANSPORT.TCP;
    attrs[ATTR_NETWORK_PROTOCOL_NAME] = 'http';
    const url = transport?._url;
    if (client && url instanceof URL) {
      attrs[ATTR_SERVER_ADDRESS] = url.hostname;
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      attrs[ATTR_SERVER_PORT] = port;
    }
  }
}

/** A `tools/call` result with `isError: true` failed, though the request succeeded. */
export function recordResult(span: Span, method: string, result: unknown): void {
  if (
    method === 'tools/call' &&
    typeof result === 'object' &&
    result !== null &&
    (result as { isError?: unknown }).isError === true
  ) {
    span.setAttribute(ATTR_ERROR_TYPE, MCP_ERROR_TYPE_TOOL_ERROR);
    span.setStatus({ code: SpanStatusCode.ERROR, message: toolErrorText(result) });
  }
}

function toolErrorText(result: object): string | undefined {
  const content = (result as { content?: unknown }).content;
  if (!Array.isArray(content)) return undefined;
  const first = content[0] as { type?: unknown; text?: unknown } | undefined;
  return first?.type === 'text' ? str(first.text) : undefined;
}

/**
 * A failed request: a JSON-RPC error's code (`McpError.code`, an integer) is the `error.type`
 * and `rpc.response.status_code`; anything else (a timeout of our own, a closed connection) its
 * class name.
 */
export function recordFailure(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number' && Number.isInteger(code)) {
    span.setAttribute(ATTR_ERROR_TYPE, String(code));
    span.setAttribute(ATTR_RPC_RESPONSE_STATUS_CODE, String(code));
  } else {
    const name = (error as { constructor?: { name?: unknown } } | undefined)?.constructor?.name;
    span.setAttribute(ATTR_ERROR_TYPE, str(name) ?? '_OTHER');
  }
  const message = (error as { message?: unknown } | undefined)?.message;
  span.setStatus({ code: SpanStatusCode.ERROR, message: str(message) });
}
