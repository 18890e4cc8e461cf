/** What a guardrail that blocks answers instead of the model (Converse and agents alike). */
export const GUARDRAIL_BLOCKED_MESSAGE = 'Sorry, the model cannot answer this question.';

/** A Converse guardrail whose identifier starts with this blocks every input. */
export const BLOCKING_GUARDRAIL_PREFIX = 'mock-block';

export interface GuardrailConfig {
  guardrailIdentifier?: string;
  guardrailVersion?: string;
  trace?: string;
}

export interface GuardrailOutcome {
  blocked: boolean;
  /** `trace.guardrail` of the response, when the request asked for the trace. */
  trace?: Record<string, unknown>;
}

function assessment(blocked: boolean, characters: number): Record<string, unknown> {
  const invocationMetrics = {
    guardrailProcessingLatency: 20,
    usage: {
      topicPolicyUnits: 1,
      contentPolicyUnits: 1,
      wordPolicyUnits: 1,
      sensitiveInformationPolicyUnits: 1,
      sensitiveInformationPolicyFreeUnits: 0,
      contextualGroundingPolicyUnits: 0,
    },
    guardrailCoverage: { textCharacters: { guarded: characters, total: characters } },
  };
  return blocked
    ? {
        topicPolicy: {
          topics: [{ name: 'Denied topic', type: 'DENY', action: 'BLOCKED', detected: true }],
        },
        invocationMetrics,
      }
    : { invocationMetrics };
}

/**
 * Converse `guardrailConfig`: the guardrail assesses the input (and the output when it lets the
 * input through); `mock-block…` identifiers block. With `trace: enabled` the response carries
 * `trace.guardrail` with the assessments keyed by guardrail id, as Bedrock does.
 */
export function assessGuardrail(
  config: GuardrailConfig | undefined,
  inputCharacters: number,
  outputCharacters: number,
): GuardrailOutcome | undefined {
  if (!config?.guardrailIdentifier) return undefined;
  const id = config.guardrailIdentifier;
  const blocked = id.startsWith(BLOCKING_GUARDRAIL_PREFIX);
  const outcome: GuardrailOutcome = { blocked };
  if (config.trace === 'enabled' || config.trace === 'enabled_full') {
    outcome.trace = blocked
      ? {
          inputAssessment: { [id]: assessment(true, inputCharacters) },
          actionReason: 'Guardrail blocked.',
        }
      : {
          inputAssessment: { [id]: assessment(false, inputCharacters) },
          outputAssessments: { [id]: [assessment(false, outputCharacters)] },
        };
  }
  return outcome;
}
