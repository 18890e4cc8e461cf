import {
  DependencyFailedException,
  InternalServerException,
  InvokeAgentCommand,
  ResourceNotFoundException,
  type ResponseStream,
  RetrieveAndGenerateCommand,
  RetrieveCommand,
  ThrottlingException,
  type TracePart,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../src/index.js';
import { agentClient, collect } from './bedrock-clients.js';
import { useMockAndClient } from './clients.js';

const input = 'Book me a dentist appointment';

/** One line per trace event: who emitted it and which trace member, for exact sequence checks. */
function outline(t: TracePart): string {
  const trace = t.trace as unknown as Record<string, Record<string, unknown>>;
  const [kind] = Object.keys(trace);
  const inner = Object.keys(trace[kind!]!).filter((k) => k !== 'traceId' && k !== '$unknown');
  const who = t.collaboratorName ?? t.agentId;
  return `${who} ${kind}${kind === 'orchestrationTrace' || kind?.endsWith('ProcessingTrace') ? `.${inner[0]}` : ''}`;
}

describe('InvokeAgent through @aws-sdk/client-bedrock-agent-runtime', () => {
  const mock = useMockAndClient((server) => agentClient(server, 'eu-west-1'));
  const invoke = async (extra: Record<string, unknown> = {}) => {
    const res = await mock.client.send(
      new InvokeAgentCommand({
        agentId: 'AGENT12345',
        agentAliasId: 'ALIAS12345',
        sessionId: 'session-1',
        inputText: input,
        ...extra,
      }),
    );
    return { res, events: await collect<ResponseStream>(res.completion) };
  };
  const text = (events: ResponseStream[]) =>
    events.flatMap((e) => (e.chunk?.bytes ? [Buffer.from(e.chunk.bytes).toString()] : [])).join('');
  const traces = (events: ResponseStream[]) => events.flatMap((e) => (e.trace ? [e.trace] : []));

  it('the default scenario: knowledge base, calendar action group, collaborator agent, traced in order', async () => {
    const { res, events } = await invoke({ enableTrace: true });
    expect(res.sessionId).toBe('session-1');
    expect(res.contentType).toBe('application/json');
    expect(text(events)).toBe(`Echo: ${input}`);
    const parts = traces(events);
    expect(parts.map(outline)).toEqual([
      'AGENT12345 orchestrationTrace.modelInvocationInput',
      'AGENT12345 orchestrationTrace.modelInvocationOutput',
      'AGENT12345 orchestrationTrace.rationale',
      'AGENT12345 orchestrationTrace.invocationInput',
      'AGENT12345 orchestrationTrace.observation',
      'AGENT12345 orchestrationTrace.modelInvocationInput',
      'AGENT12345 orchestrationTrace.modelInvocationOutput',
      'AGENT12345 orchestrationTrace.rationale',
      'AGENT12345 orchestrationTrace.invocationInput',
      'AGENT12345 orchestrationTrace.observation',
      'AGENT12345 orchestrationTrace.modelInvocationInput',
      'AGENT12345 orchestrationTrace.modelInvocationOutput',
      'AGENT12345 orchestrationTrace.rationale',
      'AGENT12345 orchestrationTrace.invocationInput',
      'NotificationAgent orchestrationTrace.modelInvocationInput',
      'NotificationAgent orchestrationTrace.modelInvocationOutput',
      'NotificationAgent orchestrationTrace.rationale',
      'NotificationAgent orchestrationTrace.invocationInput',
      'NotificationAgent orchestrationTrace.observation',
      'NotificationAgent orchestrationTrace.modelInvocationInput',
      'NotificationAgent orchestrationTrace.modelInvocationOutput',
      'NotificationAgent orchestrationTrace.observation',
      'AGENT12345 orchestrationTrace.observation',
      'AGENT12345 orchestrationTrace.modelInvocationInput',
      'AGENT12345 orchestrationTrace.modelInvocationOutput',
      'AGENT12345 orchestrationTrace.observation',
    ]);
    const o = (i: number) => parts[i]!.trace!.orchestrationTrace!;
    expect(o(3).invocationInput).toEqual({
      traceId: expect.stringMatching(/^[0-9a-f-]{36}-0$/),
      invocationType: 'KNOWLEDGE_BASE',
      knowledgeBaseLookupInput: { text: input, knowledgeBaseId: 'KBSCHEDULE1' },
    });
    expect(o(4).observation?.knowledgeBaseLookupOutput?.retrievedReferences).toHaveLength(2);
    expect(o(8).invocationInput?.actionGroupInvocationInput).toEqual({
      actionGroupName: 'CalendarActions',
      function: 'create_appointment',
      parameters: [
        { name: 'date', type: 'string', value: '2025-01-15' },
        { name: 'time', type: 'string', value: '10:00' },
        { name: 'attendee', type: 'string', value: 'customer' },
      ],
      executionType: 'LAMBDA',
    });
    expect(o(9).observation?.actionGroupInvocationOutput?.text).toBe(
      '{"appointmentId":"appt-0001","status":"confirmed"}',
    );
    const collab = o(13).invocationInput?.agentCollaboratorInvocationInput;
    expect(collab?.agentCollaboratorName).toBe('NotificationAgent');
    expect(collab?.agentCollaboratorAliasArn).toMatch(
      /^arn:aws:bedrock:eu-west-1:123456789012:agent-alias\/[A-Z0-9]{10}\/TSTALIASID$/,
    );
    expect(parts[14]!.callerChain).toEqual([
      { agentAliasArn: 'arn:aws:bedrock:eu-west-1:123456789012:agent-alias/AGENT12345/ALIAS12345' },
      { agentAliasArn: collab?.agentCollaboratorAliasArn },
    ]);
    expect(o(22).observation?.agentCollaboratorInvocationOutput?.output).toEqual({
      type: 'TEXT',
      text: 'Confirmation sent for appointment appt-0001.',
    });
    expect(o(25).observation).toMatchObject({
      type: 'FINISH',
      finalResponse: { text: `Echo: ${input}` },
    });
    // Usage is the token count of the prompt text and of the model's raw content.
    const inv = o(0).modelInvocationInput!;
    expect(inv).toMatchObject({
      type: 'ORCHESTRATION',
      foundationModel: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
    });
    const out = o(1).modelInvocationOutput!;
    expect(out.metadata?.usage?.inputTokens).toBe(countTokens(inv.text!));
    const raw = JSON.parse(out.rawResponse!.content!) as { content: unknown; stop_reason: string };
    expect(raw.stop_reason).toBe('tool_use');
    expect(out.metadata?.usage?.outputTokens).toBe(countTokens(JSON.stringify(raw.content)));
    expect(out.metadata?.totalTimeMs).toBe(100 + 10 * out.metadata!.usage!.outputTokens!);
    expect(out.metadata?.startTime).toBeInstanceOf(Date);
    expect(out.metadata!.endTime!.getTime() - out.metadata!.startTime!.getTime()).toBe(
      out.metadata!.totalTimeMs,
    );
    expect(parts[1]!.eventTime).toBeInstanceOf(Date);
    // The answer cites the supervisor's knowledge-base documents.
    const last = events.at(-1)!.chunk!;
    expect(
      last.attribution?.citations?.[0]?.retrievedReferences?.map(
        (r) => r.location?.s3Location?.uri,
      ),
    ).toEqual(['s3://kbschedule1-docs/doc-1.txt', 's3://kbschedule1-docs/doc-2.txt']);
  });

  it('without enableTrace only the answer comes; streamFinalResponse splits it per token', async () => {
    const plain = await invoke();
    expect(plain.events.map((e) => Object.keys(e).filter((k) => k !== '$unknown'))).toEqual([
      ['chunk'],
    ]);
    const streamed = await invoke({ streamingConfigurations: { streamFinalResponse: true } });
    expect(streamed.events).toHaveLength(countTokens(`Echo: ${input}`));
    expect(text(streamed.events)).toBe(`Echo: ${input}`);
  });

  it('a scenario from the mock-scenario session attribute: guardrail, pre/post-processing, an OpenAPI action', async () => {
    const scenario = {
      foundationModel: 'amazon.nova-pro-v1:0',
      guardrail: 'NONE',
      preProcessing: true,
      postProcessing: true,
      steps: [
        { actionGroup: 'Billing', apiPath: '/invoices/{id}', verb: 'get', parameters: { id: 42 } },
      ],
      answer: 'Invoice 42 is paid.',
    };
    const { events } = await invoke({
      enableTrace: true,
      sessionState: { sessionAttributes: { 'mock-scenario': JSON.stringify(scenario) } },
    });
    const parts = traces(events);
    expect(parts.map(outline)).toEqual([
      'AGENT12345 guardrailTrace',
      'AGENT12345 preProcessingTrace.modelInvocationInput',
      'AGENT12345 preProcessingTrace.modelInvocationOutput',
      'AGENT12345 orchestrationTrace.modelInvocationInput',
      'AGENT12345 orchestrationTrace.modelInvocationOutput',
      'AGENT12345 orchestrationTrace.rationale',
      'AGENT12345 orchestrationTrace.invocationInput',
      'AGENT12345 orchestrationTrace.observation',
      'AGENT12345 orchestrationTrace.modelInvocationInput',
      'AGENT12345 orchestrationTrace.modelInvocationOutput',
      'AGENT12345 orchestrationTrace.observation',
      'AGENT12345 postProcessingTrace.modelInvocationInput',
      'AGENT12345 postProcessingTrace.modelInvocationOutput',
      'AGENT12345 guardrailTrace',
    ]);
    expect(parts[0]!.trace!.guardrailTrace!.action).toBe('NONE');
    expect(parts[2]!.trace!.preProcessingTrace!.modelInvocationOutput!.parsedResponse).toEqual({
      isValid: true,
      rationale: 'The input is a request the agent can handle.',
    });
    expect(
      parts[6]!.trace!.orchestrationTrace!.invocationInput!.actionGroupInvocationInput,
    ).toMatchObject({
      actionGroupName: 'Billing',
      apiPath: '/invoices/{id}',
      verb: 'get',
      parameters: [{ name: 'id', type: 'number', value: '42' }],
    });
    expect(parts[3]!.trace!.orchestrationTrace!.modelInvocationInput!.foundationModel).toBe(
      'amazon.nova-pro-v1:0',
    );
    expect(parts[12]!.trace!.postProcessingTrace!.modelInvocationOutput!.parsedResponse).toEqual({
      text: 'Invoice 42 is paid.',
    });
    expect(text(events)).toBe('Invoice 42 is paid.');
  });

  it('a guardrail that intervenes blocks the input before any model call', async () => {
    const { events } = await invoke({
      enableTrace: true,
      sessionState: { sessionAttributes: { 'mock-scenario': '{"guardrail":"INTERVENED"}' } },
    });
    expect(traces(events).map(outline)).toEqual(['AGENT12345 guardrailTrace']);
    expect(text(events)).toBe('Sorry, the model cannot answer this question.');
  });

  it('a failing step: failureTrace, then the exception the SDK throws', async () => {
    const scenario = {
      steps: [{ knowledgeBase: 'KB1' }, { failure: 'Lambda function timed out', failureCode: 504 }],
    };
    const res = await mock.client.send(
      new InvokeAgentCommand({
        agentId: 'AGENT12345',
        agentAliasId: 'ALIAS12345',
        sessionId: 's',
        inputText: 'x',
        enableTrace: true,
        sessionState: { sessionAttributes: { 'mock-scenario': JSON.stringify(scenario) } },
      }),
    );
    const seen: ResponseStream[] = [];
    const err = await (async () => {
      for await (const e of res.completion ?? []) seen.push(e);
    })().catch((e) => e);
    expect(seen.at(-1)!.trace!.trace!.failureTrace).toMatchObject({
      failureReason: 'Lambda function timed out',
      failureCode: 504,
    });
    expect(err).toBeInstanceOf(DependencyFailedException);
    expect(err.message).toBe('Lambda function timed out');
  });

  it('injected faults: an exception mid-stream, throttling, unknown agent, bad scenario JSON', async () => {
    mock.server.failNext({ streamErrorAfterChunks: 3 });
    const res = await mock.client.send(
      new InvokeAgentCommand({
        agentId: 'A',
        agentAliasId: 'B',
        sessionId: 'c',
        inputText: 'x',
        enableTrace: true,
      }),
    );
    let n = 0;
    const mid = await (async () => {
      for await (const _ of res.completion ?? []) n++;
    })().catch((e) => e);
    expect(n).toBe(3);
    expect(mid).toBeInstanceOf(InternalServerException);
    mock.server.failNext({ status: 429 });
    await expect(invoke()).rejects.toBeInstanceOf(ThrottlingException);
    const magic = await mock.client
      .send(
        new InvokeAgentCommand({
          agentId: 'mock-error-429',
          agentAliasId: 'B',
          sessionId: 'c',
          inputText: 'x',
        }),
      )
      .catch((e) => e);
    expect(magic).toBeInstanceOf(ThrottlingException);
    const missing = await mock.client
      .send(
        new InvokeAgentCommand({
          agentId: 'no-such-agent',
          agentAliasId: 'B',
          sessionId: 'c',
          inputText: 'x',
        }),
      )
      .catch((e) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    await expect(
      invoke({ sessionState: { sessionAttributes: { 'mock-scenario': '{oops' } } }),
    ).rejects.toThrow(/mock-scenario is not JSON/);
  });
});

describe('knowledge bases through @aws-sdk/client-bedrock-agent-runtime', () => {
  const mock = useMockAndClient((server) => agentClient(server));

  it('Retrieve: scored results, numberOfResults honoured', async () => {
    const res = await mock.client.send(
      new RetrieveCommand({
        knowledgeBaseId: 'KB12345678',
        retrievalQuery: { text: 'opening hours' },
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } },
      }),
    );
    expect(res.retrievalResults?.map((r) => [r.content?.text, r.score])).toEqual([
      ['Document 1 of KB12345678 about: opening hours', 0.9],
      ['Document 2 of KB12345678 about: opening hours', 0.8],
      ['Document 3 of KB12345678 about: opening hours', 0.7],
    ]);
    expect(res.retrievalResults?.[0]?.location).toEqual({
      type: 'S3',
      s3Location: { uri: 's3://kb12345678-docs/doc-1.txt' },
    });
    expect(mock.server.requests[0]!.path).toBe('/knowledgebases/KB12345678/retrieve');
  });

  it('RetrieveAndGenerate: output text and citations of the retrieved references', async () => {
    const res = await mock.client.send(
      new RetrieveAndGenerateCommand({
        input: { text: 'opening hours' },
        retrieveAndGenerateConfiguration: {
          type: 'KNOWLEDGE_BASE',
          knowledgeBaseConfiguration: {
            knowledgeBaseId: 'KB12345678',
            modelArn:
              'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
          },
        },
      }),
    );
    expect(res.output?.text).toBe('Echo: opening hours');
    expect(res.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.citations?.[0]?.generatedResponsePart?.textResponsePart).toEqual({
      text: 'Echo: opening hours',
      span: { start: 0, end: 18 },
    });
    expect(res.citations?.[0]?.retrievedReferences).toHaveLength(5);
    const missing = await mock.client
      .send(new RetrieveCommand({ knowledgeBaseId: 'no-such-kb', retrievalQuery: { text: 'x' } }))
      .catch((e) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('agent scenarios configured on the server', () => {
  const mock = useMockAndClient((server) => agentClient(server), {
    agentScenarios: {
      BILLING001: {
        steps: [{ actionGroup: 'Invoices', function: 'get_invoice' }],
        answer: 'Paid.',
      },
      '*': { steps: [], answer: 'Hello from any agent.' },
    },
  });
  const ask = async (agentId: string) => {
    const res = await mock.client.send(
      new InvokeAgentCommand({
        agentId,
        agentAliasId: 'A',
        sessionId: 's',
        inputText: 'x',
        enableTrace: true,
      }),
    );
    const events = await collect<ResponseStream>(res.completion);
    return {
      text: events
        .flatMap((e) => (e.chunk?.bytes ? [Buffer.from(e.chunk.bytes).toString()] : []))
        .join(''),
      traces: events.filter((e) => e.trace).length,
    };
  };

  it('by agent id, then `*`', async () => {
    // One tool step (5 events) and the final call (3).
    expect(await ask('BILLING001')).toEqual({ text: 'Paid.', traces: 8 });
    expect(await ask('OTHER00001')).toEqual({ text: 'Hello from any agent.', traces: 3 });
  });
});
