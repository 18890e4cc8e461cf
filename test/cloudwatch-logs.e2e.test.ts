/**
 * Logs end to end, as a RevOps team runs it: a real app (the openai SDK against the mock LLM
 * server, genai-otel's manual API, pino and winston) under `node --import @genai-otel/register`
 * with the shipped collector-config/cloudwatch-logs.yaml, its endpoint pointed at the local
 * CloudWatch Logs server. config → sdk → genai_events → awscloudwatchlogs: every GenAI event in
 * its RevOps group, field by field; the app's own lines in /revops/application with the same
 * trace id; the saved Logs Insights queries' fields present in these real events. And a dead
 * endpoint: one line, a bounded exit.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type FakeCloudWatchLogs,
  insightsEqualities,
  insightsQueryFields,
  startFakeCloudWatchLogs,
} from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppRun, PACKAGE_DIR, runApp } from './support/run-app.js';
import { useServers } from './support/servers.js';

const CONFIG = join(PACKAGE_DIR, '..', 'collector-config', 'cloudwatch-logs.yaml');
const QUERIES = join(
  PACKAGE_DIR,
  '..',
  'collector-config',
  'cloudwatch-logs-insights-queries.json',
);
const AWS = { AWS_ACCESS_KEY_ID: 'AKIAFAKEKEYID0000042', AWS_SECRET_ACCESS_KEY: 'fake+secret' };
const STREAM = 'e2e';

type Event = Record<string, unknown>;

const servers = useServers();
let cwl: FakeCloudWatchLogs;
let run: AppRun;
let traceId: string;
let usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
let dead: AppRun;

beforeAll(async () => {
  cwl = await startFakeCloudWatchLogs();
});
afterAll(() => cwl?.close());

/** The messages stored in one group's stream, parsed. */
function events(group: string): Event[] {
  return cwl.events(group, STREAM).map((e) => JSON.parse(e.message) as Event);
}

describe('collector-config/cloudwatch-logs.yaml under --import', () => {
  beforeAll(async () => {
    // Both children at once: the second one's exporters point at a closed port.
    const env = {
      ...AWS,
      GENAI_OTEL_CONFIG: CONFIG,
      GENAI_OTEL_LOG_STREAM: STREAM,
      OTEL_SERVICE_NAME: 'revops-agents',
      MOCK_LLM_URL: servers.llm.url,
    };
    [run, dead] = await Promise.all([
      runApp('revops-logs-app.mjs', { ...env, GENAI_OTEL_CLOUDWATCH_LOGS_ENDPOINT: cwl.url }),
      runApp('revops-logs-app.mjs', {
        ...env,
        GENAI_OTEL_CLOUDWATCH_LOGS_ENDPOINT: 'http://127.0.0.1:9', // discard port: refused
        GENAI_OTEL_SHUTDOWN_TIMEOUT_MS: '1000',
      }),
    ]);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    ({ traceId, usage } = JSON.parse(line!.slice('RESULT '.length)));
  });

  it('exits cleanly, saying only that it created the six groups', () => {
    expect(run.code).toBe(0);
    expect(
      run.stderrLines.every((l) => /created log group \/revops\/[a-z-]+ and stream e2e$/.test(l)),
    ).toBe(true);
    expect([...cwl.groups.keys()].sort()).toEqual([
      '/revops/agent-collaboration',
      '/revops/application',
      '/revops/conversation-trace',
      '/revops/data-operations',
      '/revops/decision-logic',
      '/revops/error-analysis',
    ]);
    for (const group of cwl.groups.values()) {
      expect(group.retentionInDays).toBe(7);
      expect(group.tags).toEqual({ team: 'revops' });
    }
  });

  it('puts every GenAI event in its RevOps group, field by field', () => {
    const common = {
      trace_id: traceId,
      correlation_id: 'conv-revops-7',
      conversation_id: 'conv-revops-7',
      session_id: 'conv-revops-7',
      user_id: 'u-42',
      tenant_id: 'acme',
      service: 'revops-agents',
    };
    const conversation = events('/revops/conversation-trace');
    expect(conversation.map((e) => e.event).sort()).toEqual(['llm_call', 'llm_call', 'workflow']);
    const [failed, ok] = conversation
      .filter((e) => e.event === 'llm_call')
      .sort((a, b) => String(a.outcome).localeCompare(String(b.outcome))) as [Event, Event];
    expect(failed).toMatchObject({ ...common, outcome: 'error', error_type: '400' });
    expect(ok).toMatchObject({
      ...common,
      // The agent that made the call, stamped on the openai span as it started.
      agent: 'intake',
      category: 'conversation',
      operation: 'chat',
      provider: 'openai',
      request_model: 'gpt-4o-mini',
      outcome: 'success',
      finish_reasons: 'stop',
      input_tokens: usage.prompt_tokens,
      output_tokens: usage.completion_tokens,
      total_tokens: usage.total_tokens,
      cost_currency: 'USD',
    });
    expect(ok.model).toMatch(/^gpt-4o-mini/);
    expect(ok.cost).toBeGreaterThan(0);
    expect(ok.duration_ms).toBeGreaterThan(0);
    expect(ok.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(ok).not.toHaveProperty('input_messages'); // content capture is off
    expect(conversation.find((e) => e.event === 'workflow')).toMatchObject({
      ...common,
      workflow: 'deal-review',
      outcome: 'success',
    });

    const agents = events('/revops/agent-collaboration');
    expect(agents.map((e) => `${e.event}:${e.agent ?? e.handoff_source}`).sort()).toEqual([
      'agent_run:intake',
      'agent_run:pricing',
      'handoff:intake',
    ]);
    expect(agents.find((e) => e.event === 'handoff')).toMatchObject({
      ...common,
      category: 'agent_collaboration',
      handoff_source: 'intake',
      handoff_target: 'pricing',
      handoff_reason: 'routing',
      handoff_confidence: 0.9,
    });

    expect(events('/revops/data-operations')).toEqual([
      expect.objectContaining({
        ...common,
        event: 'retrieval',
        agent: 'intake',
        category: 'data_operation',
        data_source: 'crm-deals',
        retrieval_outcome: 'hit',
        document_count: 2,
      }),
    ]);

    const decisions = events('/revops/decision-logic');
    expect(decisions.map((e) => `${e.tool}:${e.outcome}`).sort()).toEqual([
      'fetch_price_book:error',
      'score_deal:success',
    ]);
    expect(decisions.find((e) => e.tool === 'score_deal')).toMatchObject({
      ...common,
      event: 'tool_call',
      agent: 'intake',
      tool_call_id: 'call_1',
      tool_type: 'function',
      outcome: 'success',
    });

    const errors = events('/revops/error-analysis');
    expect(errors.map((e) => e.failed_event).sort()).toEqual([
      'agent_run',
      'llm_call',
      'tool_call',
    ]);
    expect(errors.find((e) => e.failed_event === 'agent_run')).toMatchObject({
      ...common,
      agent: 'pricing',
      error_type: 'Error',
      error_message: 'price book unavailable',
    });
    expect(errors.find((e) => e.failed_event === 'tool_call')).toMatchObject({
      ...common,
      event: 'error',
      category: 'error',
      outcome: 'error',
      agent: 'pricing',
      tool: 'fetch_price_book',
      error_type: 'Error',
      error_message: 'price book unavailable',
    });
  });

  it('sends the app’s pino and winston lines with the active trace id', () => {
    const app = events('/revops/application');
    expect(app).toHaveLength(2);
    const pino = app.find((e) => e.body === 'deal received');
    const winston = app.find((e) => e.body === 'assessment retry needed');
    for (const line of [pino, winston]) {
      expect(line).toMatchObject({
        trace_id: traceId,
        resource: { 'service.name': 'revops-agents' },
      });
      expect(line!.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(pino).toMatchObject({ severity_text: 'info', attributes: { deal: 'D-7' } });
    expect(winston).toMatchObject({ severity_text: 'warn', attributes: { deal: 'D-7' } });
  });

  it('the saved Logs Insights queries read fields these real events carry', async () => {
    const { queries } = JSON.parse(await readFile(QUERIES, 'utf8')) as {
      queries: { name: string; logGroupNames: string[]; queryString: string }[];
    };
    expect(queries.length).toBeGreaterThan(5);
    for (const q of queries) {
      const real = q.logGroupNames.flatMap(events);
      const fields = insightsQueryFields(q.queryString);
      expect(fields.length).toBeGreaterThan(0);
      expect({ query: q.name, missing: fields.filter((f) => !real.some((e) => f in e)) }).toEqual({
        query: q.name,
        missing: [],
      });
      // `event = "handoff"` and the like: a value some real event has (the sample id aside).
      for (const [f, v] of insightsEqualities(q.queryString)) {
        if (f !== 'correlation_id')
          expect(
            real.some((e) => e[f] === v),
            `${q.name}: ${f} = ${v}`,
          ).toBe(true);
      }
    }
  });

  describe('a dead CloudWatch Logs endpoint', () => {
    it('says the outage once per exporter (one queue each) and exits by itself', () => {
      // It ends by itself (runApp kills it at 20 s), within the 1 s shutdown bound after the app.
      expect(dead.timedOut).toBe(false);
      expect(dead.code).toBe(0);
      const outage = dead.stderrLines.filter((l) => l.includes('127.0.0.1:9'));
      expect(outage.sort()).toEqual([
        'genai-otel: exporter awscloudwatchlogs/app: exporter awscloudwatchlogs/app cannot reach http://127.0.0.1:9 (ECONNREFUSED); log records will be dropped until it is reachable',
        'genai-otel: exporter awscloudwatchlogs: exporter awscloudwatchlogs cannot reach http://127.0.0.1:9 (ECONNREFUSED); log records will be dropped until it is reachable',
      ]);
    });
  });
});
