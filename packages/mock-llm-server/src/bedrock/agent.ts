import { splitTokens } from '../tokens.js';
import type { FailNextOptions, HandlerResult } from '../types.js';
import { type AgentScenario, scenarioOf } from './agent-scenario.js';
import { aliasArn, runAgent, type TraceRun } from './agent-trace.js';
import { bedrockError, streamExceptionFrame } from './errors.js';
import { eventFrame } from './event-stream.js';

export interface InvokeAgentOptions {
  agentId: string;
  agentAliasId: string;
  sessionId: string;
  region: string;
  /** The server's scenarios by agent id (`*` for any). */
  scenarios?: Record<string, AgentScenario>;
  streamErrorAfterChunks?: number;
  overrides: FailNextOptions;
}

interface InvokeAgentBody {
  inputText?: string;
  enableTrace?: boolean;
  memoryId?: string;
  streamingConfigurations?: { streamFinalResponse?: boolean };
}

/**
 * `POST /agents/{agentId}/agentAliases/{aliasId}/sessions/{sessionId}/text`: an event stream of
 * `trace` events (with `enableTrace`) from the agent's scenario, then its answer as `chunk` events
 * (one, or one per token with `streamFinalResponse`), citations attached when a knowledge base was
 * consulted. A failing step ends the stream with an exception event.
 */
export function invokeAgent(raw: Record<string, unknown>, o: InvokeAgentOptions): HandlerResult {
  const body = raw as InvokeAgentBody;
  if (o.agentId.startsWith('no-such-')) {
    return bedrockError(
      'ResourceNotFoundException',
      "Failed to retrieve resource because it doesn't exist. Retry the request with a different resource identifier.",
    );
  }
  if (typeof body.inputText !== 'string') {
    return bedrockError(
      'ValidationException',
      "1 validation error detected: Value null at 'inputText' failed to satisfy constraint: Member must not be null",
    );
  }
  const scenario = scenarioOf(raw, o.scenarios?.[o.agentId] ?? o.scenarios?.['*']);
  if (typeof scenario === 'string') return bedrockError('ValidationException', scenario);
  const run: TraceRun = {
    sessionId: o.sessionId,
    region: o.region,
    now: Date.now(),
    traces: [],
    tracing: body.enableTrace === true,
    references: [],
  };
  const result = runAgent(
    run,
    {
      agentId: o.agentId,
      agentAliasId: o.agentAliasId,
      agentVersion: scenario.agentVersion ?? '1',
      callerChain: [{ agentAliasArn: aliasArn(o.region, o.agentId, o.agentAliasId) }],
    },
    scenario,
    body.inputText,
  );
  const frames = run.traces.map((t) => eventFrame('trace', t));
  if (result.failure) {
    frames.push(
      streamExceptionFrame(result.failure.exception ?? 'DependencyFailedException', {
        message: result.failure.failure,
      }),
    );
  } else {
    const pieces = body.streamingConfigurations?.streamFinalResponse
      ? splitTokens(result.answer)
      : [result.answer];
    pieces.forEach((piece, i) => {
      const last = i === pieces.length - 1;
      const attribution =
        last && run.references.length > 0
          ? {
              citations: [
                {
                  generatedResponsePart: {
                    textResponsePart: {
                      text: result.answer,
                      span: { start: 0, end: result.answer.length - 1 },
                    },
                  },
                  retrievedReferences: run.references,
                },
              ],
            }
          : undefined;
      frames.push(
        eventFrame('chunk', {
          bytes: Buffer.from(piece).toString('base64'),
          ...(attribution ? { attribution } : {}),
        }),
      );
    });
  }
  const cut = o.streamErrorAfterChunks;
  const chunks =
    cut === undefined
      ? frames
      : [...frames.slice(0, cut), streamExceptionFrame('InternalServerException', o.overrides)];
  return {
    kind: 'stream',
    contentType: 'application/vnd.amazon.eventstream',
    headers: {
      'x-amzn-bedrock-agent-content-type': 'application/json',
      'x-amz-bedrock-agent-session-id': o.sessionId,
      ...(body.memoryId ? { 'x-amz-bedrock-agent-memory-id': body.memoryId } : {}),
    },
    chunks,
  };
}
