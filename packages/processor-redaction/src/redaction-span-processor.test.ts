import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_REDACTION_IGNORED_COUNT,
  ATTR_REDACTION_MASKED_COUNT,
  ATTR_REDACTION_MASKED_KEYS,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createDefaultConfig, type RedactionProcessorConfig } from './config.js';
import { createRedactor } from './factory.js';
import { redactLogRecord } from './log-record.js';
import { RedactionSpanProcessor } from './redaction-span-processor.js';

const EMAIL = 'jane.doe@example.com';
const CARD = '4111 1111 1111 1111';
const KEY = 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0hIj3kLm6n';

function setup(overrides: Partial<RedactionProcessorConfig> = {}) {
  const config = { ...createDefaultConfig(), ...overrides };
  const processor = new RedactionSpanProcessor(createRedactor(config), config.summary);
  const tracing = createTestTracing({ spanProcessors: [processor] });
  const end = (
    attributes: Attributes,
    decorate?: (span: import('@opentelemetry/api').Span) => void,
  ) => {
    const span = tracing.tracerProvider.getTracer('t').startSpan('chat', { attributes });
    decorate?.(span);
    span.end();
    return tracing.spans().at(-1)!;
  };
  return { tracing, end };
}

let current: ReturnType<typeof setup> | undefined;
afterEach(() => current?.tracing.shutdown());

describe('RedactionSpanProcessor', () => {
  it('redacts inside message content and keeps it valid JSON of the same shape', () => {
    current = setup({ summary: 'debug' });
    const input = [
      { role: 'system', parts: [{ type: 'text', content: 'You are a helpful assistant.' }] },
      {
        role: 'user',
        parts: [{ type: 'text', content: `I am ${EMAIL}.\nMy card is ${CARD}, please refund.` }],
      },
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: 'call_1',
            name: 'refund',
            arguments: { email: EMAIL, amount: 12.5, note: `key ${KEY}` },
          },
        ],
      },
    ];
    const span = current.end({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 42,
      [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify(input),
      [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
        { role: 'assistant', parts: [{ type: 'text', content: 'Done.' }], finish_reason: 'stop' },
      ]),
      [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: JSON.stringify([
        { type: 'text', content: `Escalate to ops@example.com` },
      ]),
    });
    const attrs = span.attributes;
    const messages = JSON.parse(attrs[ATTR_GEN_AI_INPUT_MESSAGES] as string);
    expect(messages[1].parts[0].content).toBe(
      'I am [REDACTED:email].\nMy card is [REDACTED:payment_card], please refund.',
    );
    expect(messages[2].parts[0].arguments).toEqual({
      email: '[REDACTED:email]',
      amount: 12.5,
      note: 'key [REDACTED:api_key]',
    });
    expect(messages[0]).toEqual(input[0]);
    expect(JSON.parse(attrs[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] as string)).toEqual([
      { type: 'text', content: 'Escalate to [REDACTED:email]' },
    ]);
    // Untouched values stay the very same strings; numbers are never looked at.
    expect(attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(42);
    expect(attrs[ATTR_REDACTION_MASKED_COUNT]).toBe(2);
    expect(attrs[ATTR_REDACTION_MASKED_KEYS]).toBe(
      `${ATTR_GEN_AI_INPUT_MESSAGES},${ATTR_GEN_AI_SYSTEM_INSTRUCTIONS}`,
    );
  });

  it('redacts tool arguments and results, retrieval documents, string lists, events and the status', () => {
    current = setup({ summary: 'info', ignored_keys: ['app.raw'] });
    const span = current.end(
      {
        [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: JSON.stringify({ customer: EMAIL, query: 'refund' }),
        [ATTR_GEN_AI_TOOL_CALL_RESULT]: `Customer phone +1 415 555 0132, card ${CARD}`,
        [ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]: JSON.stringify([
          { id: 'doc-1', score: 0.9, content: `Contact ${EMAIL}` },
        ]),
        [ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]: ['\n\n', `stop at ${EMAIL}`],
        'app.raw': EMAIL,
      },
      (s) => {
        s.addEvent('exception', {
          'exception.message': `401 Incorrect API key provided: ${KEY}`,
          'exception.type': 'AuthenticationError',
        });
        s.setStatus({ code: SpanStatusCode.ERROR, message: `Bearer ${KEY} rejected` });
      },
    );
    const a = span.attributes;
    expect(JSON.parse(a[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] as string)).toEqual({
      customer: '[REDACTED:email]',
      query: 'refund',
    });
    expect(a[ATTR_GEN_AI_TOOL_CALL_RESULT]).toBe(
      'Customer phone [REDACTED:phone], card [REDACTED:payment_card]',
    );
    expect(JSON.parse(a[ATTR_GEN_AI_RETRIEVAL_DOCUMENTS] as string)).toEqual([
      { id: 'doc-1', score: 0.9, content: 'Contact [REDACTED:email]' },
    ]);
    expect(a[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]).toEqual(['\n\n', 'stop at [REDACTED:email]']);
    expect(a['app.raw']).toBe(EMAIL);
    expect(a[ATTR_REDACTION_IGNORED_COUNT]).toBe(1);
    expect(a[ATTR_REDACTION_MASKED_COUNT]).toBe(4);
    expect(a[ATTR_REDACTION_MASKED_KEYS]).toBeUndefined();
    expect(span.events[0]!.attributes!['exception.message']).toBe(
      '401 Incorrect API key provided: [REDACTED:api_key]',
    );
    expect(span.status.message).toBe('Bearer [REDACTED:api_key] rejected');
  });

  it('masks the whole value of blocked keys, at the top and inside JSON content', () => {
    current = setup({ blocked_key_patterns: ['(^|\\.)password$', '^authorization$'] });
    const span = current.end({
      'db.password': 'hunter2',
      [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: JSON.stringify({
        user: 'ann',
        password: 'hunter2',
        headers: { authorization: 'Basic YW5uOmh1bnRlcjI=' },
      }),
    });
    expect(span.attributes['db.password']).toBe('****');
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] as string)).toEqual({
      user: 'ann',
      password: '****',
      headers: { authorization: '****' },
    });
  });

  it('content cut by a length limit (no longer JSON) is still redacted, as text', () => {
    current = setup();
    const cut = JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: `mail ${EMAIL} and more` }] },
    ]).slice(0, 60);
    const span = current.end({ [ATTR_GEN_AI_INPUT_MESSAGES]: cut });
    expect(span.attributes[ATTR_GEN_AI_INPUT_MESSAGES]).toBe(
      cut.replace(EMAIL, '[REDACTED:email]'),
    );
  });

  it('blocked_values mask with **** and allowed_values keep a match', () => {
    current = setup({
      builtin_patterns: ['email'],
      blocked_values: ['ACME-\\d{6}'],
      allowed_values: ['@example\\.org$'],
    });
    const span = current.end({
      note: 'ticket ACME-123456 from sam@corp.example, cc help@example.org',
    });
    expect(span.attributes.note).toBe('ticket **** from [REDACTED:email], cc help@example.org');
  });

  it('allow_all_keys: false removes every key not allowed (fails closed)', () => {
    current = setup({ allow_all_keys: false, allowed_keys: [ATTR_GEN_AI_OPERATION_NAME] });
    const span = current.end({ [ATTR_GEN_AI_OPERATION_NAME]: 'chat', 'user.email': EMAIL });
    expect(span.attributes).toEqual({ [ATTR_GEN_AI_OPERATION_NAME]: 'chat' });
  });

  it('leaves a span without findings as it was, same strings', () => {
    current = setup();
    const content = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hello' }] }]);
    const span = current.end({
      [ATTR_GEN_AI_INPUT_MESSAGES]: content,
      'server.address': '10.0.0.1',
    });
    expect(span.attributes[ATTR_GEN_AI_INPUT_MESSAGES]).toBe(content);
    expect(span.attributes['server.address']).toBe('10.0.0.1');
  });
});

describe('redactLogRecord', () => {
  const redactor = createRedactor({ ...createDefaultConfig(), blocked_key_patterns: ['^token$'] });

  it('redacts a map body at any depth and its attributes, without touching the input', () => {
    const record = {
      body: { event: 'user_message', content: `from ${EMAIL}`, auth: { token: 'abc' } },
      attributes: { 'user.note': `card ${CARD}`, ok: 1 },
    };
    const copy = structuredClone(record);
    const out = redactLogRecord(redactor, record, 'debug');
    expect(out.changed).toBe(true);
    expect(out.body).toEqual({
      event: 'user_message',
      content: 'from [REDACTED:email]',
      auth: { token: '****' },
    });
    expect(out.attributes['user.note']).toBe('card [REDACTED:payment_card]');
    expect(out.attributes['redaction.body.masked.keys']).toBe('body.auth.token,body.content');
    expect(record).toEqual(copy);
  });

  it('a JSON string body stays JSON; a clean record comes back as the same objects', () => {
    const out = redactLogRecord(redactor, { body: JSON.stringify({ q: `mail ${EMAIL}` }) });
    expect(JSON.parse(out.body as string)).toEqual({ q: 'mail [REDACTED:email]' });
    const clean = { body: 'hello', attributes: { a: 'b' } };
    const same = redactLogRecord(redactor, clean);
    expect(same.changed).toBe(false);
    expect(same.body).toBe(clean.body);
    expect(same.attributes).toBe(clean.attributes);
  });
});

describe('RedactionSpanProcessor when redaction itself fails', () => {
  it('replaces every string of the span instead of letting it through, and says so once', async () => {
    const lines: string[] = [];
    const redactor = createRedactor(createDefaultConfig());
    // A fault inside the engine (a bug, a user regex gone wrong) on one value.
    const broken = Object.create(redactor) as typeof redactor;
    broken.redactAttributes = () => {
      throw new Error('boom');
    };
    const processor = new RedactionSpanProcessor(broken, 'silent', {
      once: (_key, _level, message) => lines.push(message),
    });
    const tracing = createTestTracing({ spanProcessors: [processor] });
    const span = tracing.tracerProvider
      .getTracer('t')
      .startSpan('chat', { attributes: { note: `mail ${EMAIL}`, tokens: 3, list: ['a'] } });
    span.setStatus({ code: SpanStatusCode.ERROR, message: `for ${EMAIL}` });
    span.end();
    const out = tracing.spans()[0]!;
    expect(out.attributes).toEqual({
      note: '[REDACTION_FAILED]',
      tokens: 3,
      list: '[REDACTION_FAILED]',
    });
    expect(out.status.message).toBe('[REDACTION_FAILED]');
    expect(lines).toEqual([
      'redaction failed (boom): the strings of such spans are replaced by [REDACTION_FAILED], not exported as they were',
    ]);
    await tracing.shutdown();
  });
});
