import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  type ComponentCatalog,
  type ComponentTypeInfo,
  loadConfigFile,
  parseConfig,
} from '@genai-otel/config';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_REDACTION_MASKED_KEYS,
  ATTR_REDACTION_REDACTED_COUNT,
  ATTR_REDACTION_REDACTED_KEYS,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import type { RedactionProcessorConfig } from './config.js';
import { redactionProcessorFactory } from './factory.js';

const testdata = fileURLToPath(new URL('./testdata/config.yaml', import.meta.url));

const stub = (kind: ComponentTypeInfo['kind'], type: string): ComponentTypeInfo => ({
  kind,
  type,
  signals: ['traces'],
  createDefaultConfig: () => ({}),
});
const infos = [stub('receiver', 'genai'), stub('exporter', 'debug'), redactionProcessorFactory];
const catalog: ComponentCatalog = {
  get: (kind, type) => infos.find((f) => f.kind === kind && f.type === type),
  types: (kind) => infos.filter((f) => f.kind === kind).map((f) => f.type),
};
const silent = { info() {}, warn() {}, error() {}, once() {} };

const defaults: RedactionProcessorConfig = {
  allow_all_keys: true,
  allowed_keys: [],
  ignored_keys: [],
  blocked_key_patterns: [],
  blocked_values: [],
  allowed_values: [],
  builtin_patterns: ['email', 'phone', 'payment_card', 'iban', 'api_key', 'credential', 'jwt'],
  hash_function: 'none',
  summary: 'silent',
};

describe('redaction factory', () => {
  const loaded = loadConfigFile(testdata, { catalog, env: {} });

  it.each<[string, RedactionProcessorConfig]>([
    ['redaction', defaults],
    [
      'redaction/strict',
      {
        allow_all_keys: false,
        allowed_keys: [
          ATTR_GEN_AI_OPERATION_NAME,
          ATTR_GEN_AI_REQUEST_MODEL,
          ATTR_GEN_AI_INPUT_MESSAGES,
        ],
        ignored_keys: [ATTR_GEN_AI_RESPONSE_ID],
        blocked_key_patterns: ['.*password.*', '^x-api-key$'],
        blocked_values: ['ACME-[0-9]{6}'],
        allowed_values: ['.+@example\\.com$'],
        builtin_patterns: ['email', 'payment_card', 'ipv4'],
        hash_function: 'sha256',
        summary: 'debug',
      },
    ],
    [
      'redaction/values_only',
      {
        ...defaults,
        builtin_patterns: [],
        blocked_values: ['4[0-9]{12}(?:[0-9]{3})?'],
        summary: 'info',
      },
    ],
  ])('loads %s from testdata', (id, expected) => {
    expect(loaded.processors.get(id)?.config).toEqual(expected);
  });

  it('builds what the strict instance says: keys removed, kept, hashed, summarised', async () => {
    const config = loaded.processors.get('redaction/strict')!.config as RedactionProcessorConfig;
    const { spanProcessor } = redactionProcessorFactory.create(config, {
      id: 'redaction/strict',
      env: {},
      log: silent,
    });
    const tracing = createTestTracing({ spanProcessors: [spanProcessor!] });
    tracing.tracerProvider
      .getTracer('t')
      .startSpan('chat', {
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
          [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
          [ATTR_GEN_AI_RESPONSE_ID]: 'chatcmpl-1 mail me at bob@corp.example',
          [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify([
            {
              role: 'user',
              parts: [
                {
                  type: 'text',
                  content: 'I am bob@corp.example, cc ann@example.com, ref ACME-123456',
                },
              ],
            },
          ]),
          'user.password_hint': 'my dog',
          'app.notes': 'not allowed, removed',
        },
      })
      .end();
    const attrs = tracing.spans()[0]!.attributes;
    // sha256 of the match, the ignored key untouched, an allowed value kept.
    const sha = (v: string) => createHash('sha256').update(v).digest('hex');
    const messages = JSON.parse(attrs[ATTR_GEN_AI_INPUT_MESSAGES] as string);
    expect(messages[0].parts[0].content).toBe(
      `I am ${sha('bob@corp.example')}, cc ann@example.com, ref ${sha('ACME-123456')}`,
    );
    expect(attrs[ATTR_GEN_AI_RESPONSE_ID]).toBe('chatcmpl-1 mail me at bob@corp.example');
    expect(attrs['user.password_hint']).toBeUndefined();
    expect(attrs['app.notes']).toBeUndefined();
    expect(attrs[ATTR_REDACTION_REDACTED_COUNT]).toBe(2);
    expect(attrs[ATTR_REDACTION_REDACTED_KEYS]).toBe('app.notes,user.password_hint');
    expect(attrs[ATTR_REDACTION_MASKED_KEYS]).toBe(ATTR_GEN_AI_INPUT_MESSAGES);
    await tracing.shutdown();
  });

  function errorsOf(processor: string): string {
    try {
      parseConfig(
        `receivers: { genai: }
processors:
  redaction:
${processor}
exporters: { debug: }
service: { pipelines: { traces: { receivers: [genai], processors: [redaction], exporters: [debug] } } }
`,
        { file: 'test.yaml', catalog, env: {} },
      );
    } catch (error) {
      return String(error);
    }
    return '';
  }

  it.each([
    [
      '    blocked_values: ["(?i)secret"]',
      'test.yaml:4:22: processors.redaction.blocked_values[0]: must be a valid regex (got "(?i)secret")',
    ],
    [
      '    blocked_key_patterns: [".*"]',
      'test.yaml:4:28: processors.redaction.blocked_key_patterns[0]: matches the empty string, so it would mask everything or nothing (got ".*")',
    ],
    [
      '    builtin_patterns: [email, ssn]',
      'test.yaml:4:31: processors.redaction.builtin_patterns[1]: must be one of: email, phone, payment_card, iban, api_key, credential, jwt, ipv4, ipv6 (got "ssn")',
    ],
    [
      '    hash_function: sha512',
      'test.yaml:4:20: processors.redaction.hash_function: must be one of: none, md5, sha1, sha256, sha3 (got "sha512")',
    ],
    [
      '    summary: verbose',
      'test.yaml:4:14: processors.redaction.summary: must be one of: debug, info, silent (got "verbose")',
    ],
    [
      '    allow_all_keys: "yes"',
      'test.yaml:4:21: processors.redaction.allow_all_keys: must be a boolean (true or false) (got "yes")',
    ],
    ['    allowed_keyz: [a]', 'test.yaml:4:5: processors.redaction.allowed_keyz: unknown key'],
  ])('rejects %s naming the key', (yaml, expected) => {
    expect(errorsOf(yaml)).toContain(expected);
  });
});
