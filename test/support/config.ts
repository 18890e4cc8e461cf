/** Collector-style YAML for the tests: the genai receiver, batched, to the exporters asked for. */

export interface PipelineSpec {
  /** `file` exporter writing OTLP JSON lines here. */
  file?: string;
  /** `otlp_http` exporter. */
  otlp?: { endpoint: string; encoding?: 'proto' | 'json'; timeout?: string };
  /** Price spans (`genai_cost`) and count them (`genai_metrics`), its metrics to the same exporters. */
  genaiMetrics?: boolean;
}

export function pipelineYaml(spec: PipelineSpec): string {
  const exporters: string[] = [];
  const ids: string[] = [];
  if (spec.file !== undefined) {
    ids.push('file');
    exporters.push(`  file:\n    path: ${JSON.stringify(spec.file)}`);
  }
  if (spec.otlp !== undefined) {
    ids.push('otlp_http/test');
    const lines = [`  otlp_http/test:`, `    endpoint: ${JSON.stringify(spec.otlp.endpoint)}`];
    if (spec.otlp.encoding) lines.push(`    encoding: ${spec.otlp.encoding}`);
    if (spec.otlp.timeout) lines.push(`    timeout: ${spec.otlp.timeout}`);
    exporters.push(lines.join('\n'));
  }
  const metrics = spec.genaiMetrics === true;
  return `receivers:
  genai: {}
processors:
  batch:
    timeout: 200ms
${metrics ? '  genai_cost: {}\nconnectors:\n  genai_metrics: {}\n' : ''}exporters:
${exporters.join('\n')}
service:
  pipelines:
    traces:
      receivers: [genai]
      processors: [${metrics ? 'genai_cost, ' : ''}batch]
      exporters: [${ids.join(', ')}${metrics ? ', genai_metrics' : ''}]
${metrics ? `    metrics:\n      receivers: [genai_metrics]\n      exporters: [${ids.join(', ')}]\n` : ''}`;
}

/**
 * The genai receiver's spans to a `file` exporter and to `genai_metrics`, whose metrics go to
 * another `file` exporter (`genai_cost` first when `priced`): what a test reads back exactly.
 */
export function spansAndMetricsYaml(spans: string, metrics: string, priced = false): string {
  const processors = priced ? 'processors: [genai_cost], ' : '';
  return `receivers:
  genai: {}
${priced ? 'processors:\n  genai_cost: {}\n' : ''}connectors:
  genai_metrics: {}
exporters:
  file/spans: { path: ${JSON.stringify(spans)} }
  file/metrics: { path: ${JSON.stringify(metrics)} }
service:
  pipelines:
    traces: { receivers: [genai], ${processors}exporters: [file/spans, genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [file/metrics] }
`;
}
