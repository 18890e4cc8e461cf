/**
 * What a mock Bedrock agent does for one InvokeAgent call: its orchestration steps in order, each
 * traced as Bedrock traces it. Given as JSON in the session attribute `mock-scenario`, or by agent
 * id in the server's `agentScenarios` option, else the default scheduling-assistant scenario.
 */
export interface AgentScenario {
  /** Model of every model invocation trace; default `anthropic.claude-3-5-sonnet-20241022-v2:0`. */
  foundationModel?: string;
  /** `agentVersion` of the trace events; default `1`. */
  agentVersion?: string;
  /** Trace pre-processing (validate the input) and post-processing (rewrite the answer) calls. */
  preProcessing?: boolean;
  postProcessing?: boolean;
  /** A guardrail checks input and output (`NONE`), or blocks the input (`INTERVENED`). */
  guardrail?: 'NONE' | 'INTERVENED';
  steps?: AgentStep[];
  /** The final answer; default `Echo: <input>`. */
  answer?: string;
}

/** Calls a function (function-detail action group) or an API path (OpenAPI action group). */
export interface ActionGroupStep {
  actionGroup: string;
  function?: string;
  apiPath?: string;
  verb?: string;
  parameters?: Record<string, string | number | boolean>;
  /** What the Lambda returned; default `{"result":"<function> done"}`. */
  output?: string;
}

/** Searches a knowledge base (query default: the agent's input) for `results` documents (default 3). */
export interface KnowledgeBaseStep {
  knowledgeBase: string;
  query?: string;
  results?: number;
}

/** Hands work to a collaborator agent (multi-agent collaboration), which runs its own scenario. */
export interface CollaboratorStep {
  collaborator: string;
  /** The collaborator's agent id and alias; default derived from its name, `TSTALIASID`. */
  agentId?: string;
  aliasId?: string;
  /** The message sent to it; default the supervisor's input. */
  input?: string;
  /** Its own steps; default none (it answers directly). */
  scenario?: AgentScenario;
}

/** A step that fails: a `failureTrace` with the reason, then the stream's exception. */
export interface FailureStep {
  failure: string;
  failureCode?: number;
  /** Exception event after the trace; default `dependencyFailedException`. */
  exception?: string;
}

export type AgentStep = ActionGroupStep | KnowledgeBaseStep | CollaboratorStep | FailureStep;

export const DEFAULT_FOUNDATION_MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

/** The session attribute holding a scenario as JSON. */
export const SCENARIO_ATTRIBUTE = 'mock-scenario';

/**
 * The default: a scheduling assistant that consults its knowledge base, books an appointment
 * through a calendar action group, and asks a notification collaborator to confirm it by email.
 */
export const DEFAULT_AGENT_SCENARIO: AgentScenario = {
  steps: [
    { knowledgeBase: 'KBSCHEDULE1', results: 2 },
    {
      actionGroup: 'CalendarActions',
      function: 'create_appointment',
      parameters: { date: '2025-01-15', time: '10:00', attendee: 'customer' },
      output: '{"appointmentId":"appt-0001","status":"confirmed"}',
    },
    {
      collaborator: 'NotificationAgent',
      input: 'Send a confirmation for appointment appt-0001',
      scenario: {
        steps: [
          {
            actionGroup: 'NotificationActions',
            function: 'send_email',
            parameters: { to: 'customer', subject: 'Appointment confirmed' },
            output: '{"sent":true}',
          },
        ],
        answer: 'Confirmation sent for appointment appt-0001.',
      },
    },
  ],
};

/**
 * The scenario of a request: the session attribute's JSON, else the server's scenario for the
 * agent, else the default; a string is an error.
 */
export function scenarioOf(
  body: Record<string, unknown>,
  configured?: AgentScenario,
): AgentScenario | string {
  const attrs = (body.sessionState as { sessionAttributes?: Record<string, string> } | undefined)
    ?.sessionAttributes;
  const raw = attrs?.[SCENARIO_ATTRIBUTE];
  if (raw === undefined) return configured ?? DEFAULT_AGENT_SCENARIO;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as AgentScenario;
    return `sessionAttributes.${SCENARIO_ATTRIBUTE} must be a JSON object`;
  } catch (err) {
    return `sessionAttributes.${SCENARIO_ATTRIBUTE} is not JSON: ${(err as Error).message}`;
  }
}
