import { fnv1a } from '../ids.js';
import type {
  ActionGroupStep,
  AgentStep,
  CollaboratorStep,
  FailureStep,
  KnowledgeBaseStep,
} from './agent-scenario.js';
import {
  type AgentRef,
  aliasArn,
  metadata,
  runAgent,
  STEP_MS,
  type TraceRun,
} from './agent-trace.js';
import { documentsFor, retrievedReference } from './knowledge-base.js';

/** What the orchestration model "says" before a step: its rationale and tool-use block. */
export function toolCall(step: Exclude<AgentStep, FailureStep>, input: string) {
  const id = `toolu_bdrk_${fnv1a(JSON.stringify(step)).toString(16)}`;
  if ('actionGroup' in step) {
    const fn = step.function ?? `${step.verb ?? 'get'}::${step.apiPath ?? '/'}`;
    return {
      rationale: `To help with this, I will call ${fn} of ${step.actionGroup}.`,
      toolUse: {
        type: 'tool_use',
        id,
        name: `${step.actionGroup}__${fn}`,
        input: step.parameters ?? {},
      },
    };
  }
  if ('knowledgeBase' in step) {
    const query = step.query ?? input;
    return {
      rationale: `I will search knowledge base ${step.knowledgeBase} for: ${query}`,
      toolUse: {
        type: 'tool_use',
        id,
        name: `GET__x_amz_knowledgebase_${step.knowledgeBase}__Search`,
        input: { searchQuery: query },
      },
    };
  }
  const message = step.input ?? input;
  return {
    rationale: `I will ask ${step.collaborator} to handle: ${message}`,
    toolUse: {
      type: 'tool_use',
      id,
      name: 'AgentCommunication__sendMessage',
      input: { recipient: step.collaborator, content: message },
    },
  };
}

/** One tool step: invocationInput, the work (a collaborator's own trace), observation. */
export function invoke(
  run: TraceRun,
  ref: AgentRef,
  step: ActionGroupStep | KnowledgeBaseStep | CollaboratorStep,
  input: string,
  traceId: string,
  emit: (t: Record<string, unknown>) => void,
): { text: string; failure?: FailureStep } {
  const start = run.now;
  if ('actionGroup' in step) {
    const parameters = Object.entries(step.parameters ?? {}).map(([name, value]) => ({
      name,
      type:
        typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string',
      value: String(value),
    }));
    const target = step.function
      ? { function: step.function }
      : { apiPath: step.apiPath ?? '/', verb: step.verb ?? 'get' };
    emit({
      orchestrationTrace: {
        invocationInput: {
          traceId,
          invocationType: 'ACTION_GROUP',
          actionGroupInvocationInput: {
            actionGroupName: step.actionGroup,
            ...target,
            parameters,
            executionType: 'LAMBDA',
          },
        },
      },
    });
    run.now += STEP_MS.actionGroup;
    const text =
      step.output ??
      JSON.stringify({ result: `${step.function ?? step.apiPath ?? 'action'} done` });
    emit({
      orchestrationTrace: {
        observation: {
          traceId,
          type: 'ACTION_GROUP',
          actionGroupInvocationOutput: { text, metadata: metadata(run, start) },
        },
      },
    });
    return { text };
  }
  if ('knowledgeBase' in step) {
    const query = step.query ?? input;
    emit({
      orchestrationTrace: {
        invocationInput: {
          traceId,
          invocationType: 'KNOWLEDGE_BASE',
          knowledgeBaseLookupInput: { text: query, knowledgeBaseId: step.knowledgeBase },
        },
      },
    });
    run.now += STEP_MS.knowledgeBase;
    const docs = documentsFor(step.knowledgeBase, query, step.results ?? 3);
    const references = docs.map((d) => retrievedReference(step.knowledgeBase, d));
    if (ref.callerChain.length === 1) run.references.push(...references);
    emit({
      orchestrationTrace: {
        observation: {
          traceId,
          type: 'KNOWLEDGE_BASE',
          knowledgeBaseLookupOutput: {
            retrievedReferences: references,
            metadata: metadata(run, start),
          },
        },
      },
    });
    return { text: docs.map((d) => d.text).join('\n') };
  }
  const agentId = step.agentId ?? collaboratorId(step.collaborator);
  const aliasId = step.aliasId ?? 'TSTALIASID';
  const arn = aliasArn(run.region, agentId, aliasId);
  const message = step.input ?? input;
  emit({
    orchestrationTrace: {
      invocationInput: {
        traceId,
        invocationType: 'AGENT_COLLABORATOR',
        agentCollaboratorInvocationInput: {
          agentCollaboratorName: step.collaborator,
          agentCollaboratorAliasArn: arn,
          input: { type: 'TEXT', text: message },
        },
      },
    },
  });
  const result = runAgent(
    run,
    {
      agentId,
      agentAliasId: aliasId,
      agentVersion: step.scenario?.agentVersion ?? '1',
      callerChain: [...ref.callerChain, { agentAliasArn: arn }],
      collaboratorName: step.collaborator,
    },
    step.scenario ?? {},
    message,
  );
  if (result.failure) return { text: '', failure: result.failure };
  emit({
    orchestrationTrace: {
      observation: {
        traceId,
        type: 'AGENT_COLLABORATOR',
        agentCollaboratorInvocationOutput: {
          agentCollaboratorName: step.collaborator,
          agentCollaboratorAliasArn: arn,
          output: { type: 'TEXT', text: result.answer },
          metadata: metadata(run, start),
        },
      },
    },
  });
  return { text: result.answer };
}

/** A 10-character upper-case agent id derived from a collaborator's name, Bedrock-style. */
export function collaboratorId(name: string): string {
  return fnv1a(name).toString(36).toUpperCase().padStart(10, 'A').slice(0, 10);
}
