import { fnv1a } from '../ids.js';
import { countTokens } from '../tokens.js';
import {
  type AgentScenario,
  DEFAULT_FOUNDATION_MODEL,
  type FailureStep,
} from './agent-scenario.js';
import { invoke, toolCall } from './agent-steps.js';
import { GUARDRAIL_BLOCKED_MESSAGE } from './guardrail.js';
import { latencyMs } from './messages.js';
import { anthropicModelName } from './model-id.js';

/** Durations on the trace's virtual clock, in ms (model calls take `latencyMs(output tokens)`). */
export const STEP_MS = { actionGroup: 50, knowledgeBase: 30, guardrail: 20 } as const;
const ACCOUNT = '123456789012';

export interface AgentRef {
  agentId: string;
  agentAliasId: string;
  agentVersion: string;
  callerChain: { agentAliasArn: string }[];
  collaboratorName?: string;
}

export interface TraceRun {
  sessionId: string;
  region: string;
  /** Virtual clock (epoch ms): starts at the request, advanced by every traced operation. */
  now: number;
  /** Trace parts in order (only filled when tracing). */
  traces: Record<string, unknown>[];
  tracing: boolean;
  /** References of every knowledge-base lookup of the top-level agent, for the answer's citations. */
  references: unknown[];
}

export interface AgentResult {
  answer: string;
  failure?: FailureStep;
}

export function aliasArn(region: string, agentId: string, aliasId: string): string {
  return `arn:aws:bedrock:${region}:${ACCOUNT}:agent-alias/${agentId}/${aliasId}`;
}

/** A uuid-shaped id derived from text, so the same request gives the same trace ids. */
function stableUuid(text: string): string {
  const hex = [0, 1, 2, 3].map((i) => fnv1a(`${i}:${text}`).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const time = (ms: number) => new Date(ms).toISOString();

export function metadata(
  run: TraceRun,
  start: number,
  usage?: { inputTokens: number; outputTokens: number },
) {
  return {
    startTime: time(start),
    endTime: time(run.now),
    totalTimeMs: run.now - start,
    ...(usage ? { usage } : {}),
  };
}

/** Runs one agent's scenario: appends its trace parts and returns its answer (or its failure). */
export function runAgent(
  run: TraceRun,
  ref: AgentRef,
  scenario: AgentScenario,
  input: string,
): AgentResult {
  const model = scenario.foundationModel ?? DEFAULT_FOUNDATION_MODEL;
  const tid = stableUuid(`${ref.agentId}/${run.sessionId}/${input}`);
  const emit = (trace: Record<string, unknown>) => {
    if (!run.tracing) return;
    run.traces.push({
      agentId: ref.agentId,
      agentAliasId: ref.agentAliasId,
      agentVersion: ref.agentVersion,
      sessionId: run.sessionId,
      callerChain: ref.callerChain,
      ...(ref.collaboratorName ? { collaboratorName: ref.collaboratorName } : {}),
      eventTime: time(run.now),
      trace,
    });
  };
  const system = `You are agent ${ref.agentId}. Use the tools you have to answer the user.`;
  const history: { role: string; content: string }[] = [{ role: 'user', content: input }];
  const modelCall = (
    key: 'preProcessingTrace' | 'orchestrationTrace' | 'postProcessingTrace',
    traceId: string,
    type: string,
    content: unknown[],
    stopReason: string,
    parsed?: Record<string, unknown>,
  ) => {
    const text = JSON.stringify({ system, messages: history });
    emit({
      [key]: {
        modelInvocationInput: {
          traceId,
          text,
          type,
          foundationModel: model,
          inferenceConfiguration: {
            maximumLength: 2048,
            stopSequences: ['</answer>'],
            temperature: 0,
            topK: 250,
            topP: 1,
          },
          promptCreationMode: 'DEFAULT',
          parserMode: 'DEFAULT',
        },
      },
    });
    const usage = { inputTokens: countTokens(text), outputTokens: 0 };
    const raw = JSON.stringify({
      id: `msg_bdrk_${traceId.replace(/-/g, '').slice(0, 24)}`,
      type: 'message',
      role: 'assistant',
      model: anthropicModelName(model),
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: usage.inputTokens, output_tokens: 0 },
    });
    usage.outputTokens = countTokens(JSON.stringify(content));
    const start = run.now;
    run.now += latencyMs(usage.outputTokens);
    emit({
      [key]: {
        modelInvocationOutput: {
          traceId,
          ...(parsed ? { parsedResponse: parsed } : {}),
          rawResponse: { content: raw },
          metadata: metadata(run, start, usage),
        },
      },
    });
  };

  if (scenario.guardrail) {
    const start = run.now;
    run.now += STEP_MS.guardrail;
    const blocked = scenario.guardrail === 'INTERVENED';
    emit({
      guardrailTrace: {
        action: blocked ? 'INTERVENED' : 'NONE',
        traceId: `${tid}-guardrail-pre-0`,
        inputAssessments: [
          blocked
            ? {
                topicPolicy: {
                  topics: [{ name: 'Denied topic', type: 'DENY', action: 'BLOCKED' }],
                },
              }
            : {},
        ],
        metadata: metadata(run, start),
      },
    });
    if (blocked) return { answer: GUARDRAIL_BLOCKED_MESSAGE };
  }
  if (scenario.preProcessing) {
    modelCall(
      'preProcessingTrace',
      `${tid}-pre-0`,
      'PRE_PROCESSING',
      [{ type: 'text', text: '<category>D</category>' }],
      'end_turn',
      {
        isValid: true,
        rationale: 'The input is a request the agent can handle.',
      },
    );
  }

  const steps = scenario.steps ?? [];
  for (const [i, step] of steps.entries()) {
    const traceId = `${tid}-${i}`;
    if ('failure' in step) {
      const start = run.now;
      emit({
        failureTrace: {
          traceId,
          failureReason: step.failure,
          failureCode: step.failureCode ?? 500,
          metadata: metadata(run, start),
        },
      });
      return { answer: '', failure: step };
    }
    const call = toolCall(step, input);
    modelCall(
      'orchestrationTrace',
      traceId,
      'ORCHESTRATION',
      [{ type: 'text', text: call.rationale }, call.toolUse],
      'tool_use',
    );
    emit({ orchestrationTrace: { rationale: { traceId, text: call.rationale } } });
    const observed = invoke(run, ref, step, input, traceId, emit);
    if (observed.failure) return { answer: '', failure: observed.failure };
    history.push({ role: 'assistant', content: JSON.stringify(call.toolUse) });
    history.push({ role: 'user', content: observed.text });
  }

  const answer = scenario.answer ?? `Echo: ${input}`;
  const finalId = `${tid}-${steps.length}`;
  modelCall(
    'orchestrationTrace',
    finalId,
    'ORCHESTRATION',
    [{ type: 'text', text: `<answer>${answer}</answer>` }],
    'end_turn',
  );
  const finishStart = run.now;
  emit({
    orchestrationTrace: {
      observation: {
        traceId: finalId,
        type: 'FINISH',
        finalResponse: { text: answer, metadata: metadata(run, finishStart) },
      },
    },
  });
  if (scenario.postProcessing) {
    modelCall(
      'postProcessingTrace',
      `${tid}-post-0`,
      'POST_PROCESSING',
      [{ type: 'text', text: answer }],
      'end_turn',
      { text: answer },
    );
  }
  if (scenario.guardrail) {
    const start = run.now;
    run.now += STEP_MS.guardrail;
    emit({
      guardrailTrace: {
        action: 'NONE',
        traceId: `${tid}-guardrail-post-0`,
        outputAssessments: [{}],
        metadata: metadata(run, start),
      },
    });
  }
  return { answer };
}
