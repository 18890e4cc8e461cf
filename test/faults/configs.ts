/**
 * The collector YAML of each exporter under test, pointed at a fault endpoint with short
 * timeouts (the suite runs in seconds, not minutes): traces to otlp_http and langsmith; metrics
 * (from genai_metrics, exported every 200 ms) to otlp_http and awsemf's PutLogEvents.
 */

export const EXPORTERS = ['otlp_http traces', 'otlp_http metrics', 'langsmith', 'awsemf'] as const;
export type ExporterUnderTest = (typeof EXPORTERS)[number];

/** The exporter id each config uses, as it appears in our lines. */
export const EXPORTER_ID: Record<ExporterUnderTest, string> = {
  'otlp_http traces': 'otlp_http',
  'otlp_http metrics': 'otlp_http',
  langsmith: 'langsmith',
  awsemf: 'awsemf',
};

export function faultConfig(exporter: ExporterUnderTest, url: string): string {
  const head = `receivers:
  genai: {}
processors:
  batch: { timeout: 100ms }
`;
  const retry =
    'retry_on_failure: { initial_interval: 100ms, max_interval: 400ms, max_elapsed_time: 2s }';
  switch (exporter) {
    case 'otlp_http traces':
      return `${head}exporters:
  otlp_http: { endpoint: "${url}", timeout: 1s, ${retry} }
service:
  pipelines:
    traces: { receivers: [genai], processors: [batch], exporters: [otlp_http] }
`;
    case 'otlp_http metrics':
      return `${head}connectors:
  genai_metrics: {}
exporters:
  otlp_http: { endpoint: "${url}", timeout: 1s, ${retry} }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [otlp_http] }
`;
    case 'langsmith':
      return `${head}exporters:
  langsmith: { endpoint: "${url}", api_key: test-key, timeout: 1s }
service:
  pipelines:
    traces: { receivers: [genai], processors: [batch], exporters: [langsmith] }
`;
    case 'awsemf':
      return `${head}connectors:
  genai_metrics: {}
exporters:
  awsemf: { output_destination: cloudwatch, endpoint: "${url}", region: us-east-1, max_retries: 2 }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [awsemf] }
`;
  }
}
