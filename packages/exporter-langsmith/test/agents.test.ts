import { createRequire } from 'node:module';
import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  GENAI_OTEL_OUTCOME,
} from '@genai-otel/semantic-conventions';
import {
  configureTracing,
  GenAIContextSpanProcessor,
  handoff,
  resetTracingConfiguration,
  withAgent,
  withConversation,
  withRetrieval,
  withTool,
  withWorkflow,
} from '@genai-otel/tracing';
import { context, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';
import type { Run } from './langsmith-server.js';
import { outline, runTreeProblems } from './run-tree-rules.js';

const instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
const require = createRequire(import.meta.url);
const { OpenAI } = require('openai') as typeof import('openai');

type Dict = Record<string, unknown>;
/**
 * OpenTelemetry JS starts spans on whole milliseconds: stages that take a few ms start on
 * distinct stamps, so sibling order in the tree is the order they ran in.
 */
const stage = () => new Promise((resolve) => setTimeout(resolve, 3));
const meta = (run: Run) => (run.extra as { metadata: Dict }).metadata;

describe('agent and RAG traces in LangSmith', () => {
  let h: Harness;
  let mock: Awaited<ReturnType<typeof startMockLLMServer>>;
  const exportCalls: ReadableSpan[][] = [];

  beforeAll(async () => {
    // Two spans per export: every parent arrives in a later batch than its children.
    h = await startHarness({
      processors: [new GenAIContextSpanProcessor()],
      maxExportBatchSize: 2,
      scheduledDelayMillis: 60_000,
      exporter: { parentWaitMs: 300 },
    });
    const exportOf = h.exporter.export.bind(h.exporter);
    h.exporter.export = (spans, done) => {
      exportCalls.push([...spans]);
      exportOf(spans, done);
    };
    instrumentation.setTracerProvider(h.provider);
    configureTracing({ tracerProvider: h.provider, captureMessageContent: true });
    mock = await startMockLLMServer();
    const client = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'sk-local', maxRetries: 0 });
    const ask = (content: string) =>
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content }],
      });

    await withConversation({ conversationId: 'conv-42', userId: 'u-7', tenantId: 'acme' }, () =>
      withWorkflow('support-answer', async () => {
        const h1 = await withAgent('triage', async () => {
          await ask('Route: I was charged twice');
          return handoff({ to: 'billing', reason: 'routing', confidence: 0.92 });
        });
        await withAgent({ name: 'billing', handoffFrom: h1 }, async () => {
          await withRetrieval(
            { dataSource: 'kb-acme', topK: 2, query: 'double charge refund' },
            async () => [
              {
                id: 'doc-1',
                score: 0.91,
                content: 'Duplicate charges are refunded within 5 days.',
              },
              { id: 'doc-2', score: 0.64, content: 'Invoices are sent monthly.' },
            ],
          );
          await withTool(
            { name: 'lookup_invoice', callId: 'call_1', arguments: { invoice: 'INV-1' } },
            async () => {
              await stage();
              return { status: 'paid', amount: 42 };
            },
          );
          await withTool({ name: 'refund', callId: 'call_2' }, async () => {
            await stage();
            throw new Error('refund service unavailable');
          }).catch(() => {});
          await ask('Answer: refund timeline');
        });
      }),
    );
    await h.provider.forceFlush();
    await h.exporter.forceFlush();
  });

  afterAll(async () => {
    instrumentation.disable();
    resetTracingConfiguration();
    await h.close();
    await mock.close();
  });

  it('forms one tree although parents were exported in later batches than children', () => {
    expect(outline(h.server.runs.values())).toEqual([
      'chain invoke_workflow support-answer',
      '  chain invoke_agent triage',
      '    llm chat gpt-4o-mini',
      '    tool handoff billing',
      '  chain invoke_agent billing',
      '    retriever retrieval kb-acme',
      '    tool execute_tool lookup_invoice',
      '    tool execute_tool refund',
      '    llm chat gpt-4o-mini',
    ]);
    expect(runTreeProblems(h.server.runs.values())).toEqual([]);
    const root = h.byName('invoke_workflow support-answer');
    for (const run of h.server.runs.values()) expect(run.trace_id).toBe(root.id);
    // The trace reached the exporter in five export calls, children first; the children
    // waited for their parents, and the whole tree went out once its root had ended.
    expect(exportCalls.map((c) => c.map((s) => s.name))).toEqual([
      ['chat gpt-4o-mini', 'handoff billing'],
      ['invoke_agent triage', 'retrieval kb-acme'],
      ['execute_tool lookup_invoice', 'execute_tool refund'],
      ['chat gpt-4o-mini', 'invoke_agent billing'],
      ['invoke_workflow support-answer'],
    ]);
    expect(h.exporter.stats).toEqual({ sentRuns: 9, droppedRuns: 0, pendingRuns: 0 });
  });

  it('puts the conversation, user and tenant on every run as thread metadata', () => {
    for (const run of h.server.runs.values()) {
      expect(meta(run)).toMatchObject({
        session_id: 'conv-42',
        thread_id: 'conv-42',
        user_id: 'u-7',
        tenant_id: 'acme',
      });
    }
  });

  it('shows retrieved documents as LangSmith retriever output', () => {
    const run = h.byName('retrieval kb-acme');
    expect(run.inputs).toEqual({ query: 'double charge refund', data_source: 'kb-acme', top_k: 2 });
    expect(run.outputs).toEqual({
      documents: [
        {
          type: 'Document',
          page_content: 'Duplicate charges are refunded within 5 days.',
          metadata: { id: 'doc-1', score: 0.91 },
        },
        {
          type: 'Document',
          page_content: 'Invoices are sent monthly.',
          metadata: { id: 'doc-2', score: 0.64 },
        },
      ],
    });
  });

  it('records tools with arguments and result, handoffs as tools, failures as errors', () => {
    const tool = h.byName('execute_tool lookup_invoice');
    expect(tool.inputs).toEqual({ invoice: 'INV-1' });
    expect(tool.outputs).toEqual({ output: { status: 'paid', amount: 42 } });
    expect(meta(tool)[ATTR_GEN_AI_TOOL_CALL_ID]).toBe('call_1');
    const failed = h.byName('execute_tool refund');
    expect(failed.error).toBe('Error: refund service unavailable');
    const events = failed.events as { name: string; kwargs?: Dict }[];
    expect(events.map((e) => e.name)).toEqual(['exception']);
    expect(events[0]!.kwargs?.['exception.message']).toBe('refund service unavailable');
    const hand = h.byName('handoff billing');
    expect(hand.inputs).toEqual({
      from: 'triage',
      to: 'billing',
      target_type: 'agent',
      reason: 'routing',
      confidence: 0.92,
    });
    expect(hand.outputs).toEqual({ output: 'billing' });
    const agent = h.byName('invoke_agent billing');
    expect(agent.run_type).toBe('chain');
    expect(meta(agent)[ATTR_GEN_AI_AGENT_OUTCOME]).toBe(GENAI_OTEL_OUTCOME.SUCCESS);
  });

  it('turns a span whose parent is never exported into a root after parent_wait', async () => {
    const tracer = h.provider.getTracer('orphans');
    // A local parent that never ends, and a parent from another service (remote).
    const neverEnds = tracer.startSpan('still running');
    const orphan = tracer.startSpan('orphan child', {}, trace.setSpan(context.active(), neverEnds));
    orphan.setStatus({ code: SpanStatusCode.OK });
    orphan.end();
    const remoteParent = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    tracer.startSpan('from upstream', {}, trace.setSpan(context.active(), remoteParent)).end();
    // The queue's flush does not wait for an export already under way; the exporter's does.
    await h.provider.forceFlush();
    await h.exporter.forceFlush();
    const remote = h.byName('from upstream');
    expect(remote.parent_run_id).toBeUndefined();
    expect(remote.trace_id).toBe(remote.id);
    // Held until parent_wait (300 ms) passes, then sent by the exporter's own timer.
    expect(h.exporter.stats.pendingRuns).toBe(1);
    await h.server.waitForRuns(11, 5_000);
    const root = h.byName('orphan child');
    expect(root.parent_run_id).toBeUndefined();
    expect(root.trace_id).toBe(root.id);
    expect(String(root.dotted_order).split('.')).toHaveLength(1);
    expect(h.exporter.stats.pendingRuns).toBe(0);
    neverEnds.end();
  });
});
