import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { type Context, context, SpanKind } from '@opentelemetry/api';
import { type Finisher, runInSpan, runUntraced, type Settled, type Traced } from './span-runner.js';

const workflowFinisher: Finisher<undefined> = { success() {}, failure() {} };

/**
 * Runs `fn` as a workflow (e.g. a whole RAG pipeline, one request of a multi-agent system):
 * span `invoke_workflow {name}` (INTERNAL), the parent of the stages run inside it.
 *
 * ```ts
 * const reply = await withWorkflow('support-answer', async () => answer(await retrieve(question)));
 * ```
 */
export function withWorkflow<R>(name: string, fn: Traced<R>): Settled<R> {
  let parent: Context;
  try {
    parent = context.active();
  } catch {
    // Telemetry never breaks the app: a broken context manager runs the work untraced.
    return runUntraced(fn);
  }
  return runInSpan(
    genAISpanName(GEN_AI_OPERATION.INVOKE_WORKFLOW, name),
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_WORKFLOW,
        [ATTR_GEN_AI_WORKFLOW_NAME]: name,
      },
    },
    parent,
    undefined,
    undefined,
    fn,
    workflowFinisher,
  );
}
