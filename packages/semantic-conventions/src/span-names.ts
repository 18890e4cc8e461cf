/**
 * Span names per the GenAI conventions: `{operation} {target}` where the target is the model, tool,
 * agent, workflow or data source; just `{operation}` when the target is unknown.
 */
export function genAISpanName(operation: string, target?: string | undefined): string {
  return target ? `${operation} ${target}` : operation;
}
