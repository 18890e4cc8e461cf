/**
 * The keys `otelcol-contrib` accepts for the standard components a gateway config copies from a
 * genai-otel YAML, from the components' READMEs and testdata (opentelemetry-collector
 * `receiver/otlpreceiver`, `processor/batchprocessor`, `exporter/otlphttpexporter`,
 * `exporter/debugexporter`, `config/confighttp`, `config/configgrpc`). A key of ours that is not
 * here is left out of the gateway (and named), so the file `otelcol-contrib` reads never fails on
 * a genai-otel extension.
 */

/** `receivers.otlp.protocols.grpc` (configgrpc ServerConfig). */
export const OTLP_GRPC_KEYS = [
  'endpoint',
  'transport',
  'tls',
  'max_recv_msg_size_mib',
  'max_concurrent_streams',
  'read_buffer_size',
  'write_buffer_size',
  'keepalive',
  'auth',
  'include_metadata',
] as const;

/** `receivers.otlp.protocols.http` (confighttp ServerConfig + the receiver's url paths). */
export const OTLP_HTTP_KEYS = [
  'endpoint',
  'tls',
  'cors',
  'auth',
  'max_request_body_size',
  'include_metadata',
  'response_headers',
  'compression_algorithms',
  'read_timeout',
  'read_header_timeout',
  'write_timeout',
  'idle_timeout',
  'traces_url_path',
  'metrics_url_path',
  'logs_url_path',
] as const;

/** Top-level keys of each standard component type the gateway may carry, by genai-otel type. */
export const STANDARD_KEYS: Readonly<Record<string, readonly string[]>> = {
  'receiver:otlp': ['protocols'],
  'processor:batch': [
    'timeout',
    'send_batch_size',
    'send_batch_max_size',
    'metadata_keys',
    'metadata_cardinality_limit',
  ],
  'exporter:otlp_http': [
    'endpoint',
    'traces_endpoint',
    'metrics_endpoint',
    'logs_endpoint',
    'headers',
    'timeout',
    'compression',
    'encoding',
    'tls',
    'proxy_url',
    'read_buffer_size',
    'write_buffer_size',
    'retry_on_failure',
    'sending_queue',
    'auth',
  ],
  'exporter:debug': ['verbosity', 'sampling_initial', 'sampling_thereafter'],
};

export function isStandard(kind: string, type: string): boolean {
  return STANDARD_KEYS[`${kind}:${type}`] !== undefined;
}

/** What otelcol-contrib uses instead of a genai-otel key that the gateway leaves out. */
export const INSTEAD: Readonly<Record<string, string>> = {
  bearer_token:
    'otelcol checks tokens with the bearertokenauth extension (extensions.bearertokenauth.token, protocols.<grpc|http>.auth.authenticator: bearertokenauth)',
  admission: 'otelcol bounds what it holds with the memory_limiter processor',
};
