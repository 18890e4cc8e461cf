import type { ValidationIssue } from '@genai-otel/config';

/** `receivers.otlp` as written in the YAML (the collector's keys, plus `bearer_token` and `admission`). */
export interface OtlpReceiverConfig {
  /** Listing a protocol switches it on, as in the collector. */
  protocols: {
    http?: HttpProtocolConfig | null;
    grpc?: GrpcProtocolConfig | null;
  };
  /**
   * When set, every request must carry `Authorization: Bearer <token>` (gRPC: the same
   * `authorization` metadata); others get 401 / UNAUTHENTICATED. The collector does this with
   * its `bearertokenauth` extension.
   */
  bearer_token?: string;
  /**
   * The bound on what the receiver holds at once, as the collector's `otelarrow` receiver has it:
   * bytes of requests being read or processed. A request that would exceed it is refused with
   * 429 + Retry-After (gRPC RESOURCE_EXHAUSTED with RetryInfo) before its body is read.
   */
  admission: { request_limit_mib: number; retry_after_seconds: number };
}

export interface TlsConfig {
  cert_file: string;
  key_file: string;
}

export interface HttpProtocolConfig {
  endpoint: string;
  /** Largest request body after decompression, in bytes (collector default 20 MiB). */
  max_request_body_size: number;
  traces_url_path: string;
  metrics_url_path: string;
  logs_url_path: string;
  tls?: TlsConfig;
}

export interface GrpcProtocolConfig {
  endpoint: string;
  /** Largest message in MiB (grpc-go's 4 MiB when unset, as in the collector). */
  max_recv_msg_size_mib: number;
  tls?: TlsConfig;
}

export const DEFAULT_HTTP_ENDPOINT = 'localhost:4318';
export const DEFAULT_GRPC_ENDPOINT = 'localhost:4317';

export function httpDefaults(): HttpProtocolConfig {
  return {
    endpoint: DEFAULT_HTTP_ENDPOINT,
    max_request_body_size: 20 * 1024 * 1024,
    traces_url_path: '/v1/traces',
    metrics_url_path: '/v1/metrics',
    logs_url_path: '/v1/logs',
  };
}

export function grpcDefaults(): GrpcProtocolConfig {
  return { endpoint: DEFAULT_GRPC_ENDPOINT, max_recv_msg_size_mib: 4 };
}

/** No protocol listed: nothing listens (the collector's receiver fails; ours says so in validate). */
export function createDefaultConfig(): OtlpReceiverConfig {
  return { protocols: {}, admission: { request_limit_mib: 128, retry_after_seconds: 1 } };
}

/** The protocols as they will run: a listed protocol (even `http:` with no value) gets its defaults. */
export function resolveProtocols(config: OtlpReceiverConfig): {
  http: HttpProtocolConfig | undefined;
  grpc: GrpcProtocolConfig | undefined;
} {
  const p = config.protocols ?? {};
  return {
    http: 'http' in p ? { ...httpDefaults(), ...(p.http ?? {}) } : undefined,
    grpc: 'grpc' in p ? { ...grpcDefaults(), ...(p.grpc ?? {}) } : undefined,
  };
}

const tls = {
  type: 'object',
  additionalProperties: false,
  required: ['cert_file', 'key_file'],
  properties: {
    cert_file: { type: 'string', minLength: 1, description: 'PEM certificate chain.' },
    key_file: { type: 'string', minLength: 1, description: 'PEM private key.' },
  },
} as const;

const urlPath = { type: 'string', pattern: '^/' } as const;

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    protocols: {
      type: 'object',
      additionalProperties: false,
      description: 'Listing a protocol switches it on.',
      properties: {
        http: {
          type: ['object', 'null'],
          additionalProperties: false,
          description: 'OTLP/HTTP (protobuf and JSON, gzip).',
          properties: {
            endpoint: {
              type: 'string',
              minLength: 1,
              description: 'host:port (default localhost:4318).',
            },
            max_request_body_size: {
              type: 'integer',
              minimum: 1,
              description:
                'Largest body after decompression, in bytes (default 20 MiB); larger gets 413.',
            },
            traces_url_path: { ...urlPath, description: 'default /v1/traces' },
            metrics_url_path: { ...urlPath, description: 'default /v1/metrics' },
            logs_url_path: { ...urlPath, description: 'default /v1/logs' },
            tls,
          },
        },
        grpc: {
          type: ['object', 'null'],
          additionalProperties: false,
          description: 'OTLP/gRPC.',
          properties: {
            endpoint: {
              type: 'string',
              minLength: 1,
              description: 'host:port (default localhost:4317).',
            },
            max_recv_msg_size_mib: {
              type: 'number',
              exclusiveMinimum: 0,
              description: 'Largest message in MiB (default 4).',
            },
            tls,
          },
        },
      },
    },
    bearer_token: {
      type: 'string',
      minLength: 1,
      description: 'Require `Authorization: Bearer <token>` on every request.',
    },
    admission: {
      type: 'object',
      additionalProperties: false,
      properties: {
        request_limit_mib: {
          type: 'number',
          exclusiveMinimum: 0,
          description: 'MiB of requests held at once before further ones get 429 (default 128).',
        },
        retry_after_seconds: {
          type: 'integer',
          minimum: 0,
          description: 'Retry-After of a refused request (default 1).',
        },
      },
    },
  },
} as const;

export function validate(config: OtlpReceiverConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { http, grpc } = resolveProtocols(config);
  if (!http && !grpc) {
    issues.push({
      path: ['protocols'],
      message: 'must list at least one protocol (http or grpc)',
    });
  }
  for (const [name, p] of [
    ['http', http],
    ['grpc', grpc],
  ] as const) {
    if (p && parseEndpoint(p.endpoint) === undefined) {
      issues.push({
        path: ['protocols', name, 'endpoint'],
        message: `must be host:port, e.g. ${name === 'http' ? DEFAULT_HTTP_ENDPOINT : DEFAULT_GRPC_ENDPOINT} (got ${JSON.stringify(p.endpoint)})`,
      });
    }
  }
  if (http) {
    const paths = [http.traces_url_path, http.metrics_url_path, http.logs_url_path];
    if (new Set(paths).size !== paths.length) {
      issues.push({
        path: ['protocols', 'http'],
        message: `traces_url_path, metrics_url_path and logs_url_path must differ (got ${paths.join(', ')})`,
      });
    }
  }
  return issues;
}

/** `host:port`, `[v6]:port` or `:port` (all interfaces). */
export function parseEndpoint(endpoint: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(endpoint.trim());
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}
