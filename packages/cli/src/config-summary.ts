import type { ResolvedConfig, ResolvedPipeline } from '@genai-otel/config';

/** `traces [genai → genai_cost, batch → file, genai_metrics]`: one pipeline as a reader follows it. */
export function describePipeline(p: ResolvedPipeline): string {
  const stages = [p.receivers, p.processors, p.exporters]
    .filter((ids, i) => i !== 1 || ids.length > 0)
    .map((ids) => ids.join(', '));
  return `${p.id} [${stages.join(' → ')}]`;
}

/** `2 pipelines: traces […]; metrics […]`. */
export function describePipelines(config: ResolvedConfig): string {
  const n = config.pipelines.length;
  return `${n} pipeline${n === 1 ? '' : 's'}: ${config.pipelines.map(describePipeline).join('; ')}`;
}
