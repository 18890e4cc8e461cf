import type { ProcessorFactory } from '@genai-otel/component';
import { createDefaultConfig, type RedactionProcessorConfig, schema, validate } from './config.js';
import { redactReadableLogRecord } from './log-record.js';
import { RedactionSpanProcessor, SUMMARY_KEYS } from './redaction-span-processor.js';
import { Redactor } from './redactor.js';

/** The engine for a config (every regular expression compiled here, once). */
export function createRedactor(config: RedactionProcessorConfig): Redactor {
  const d = createDefaultConfig();
  return new Redactor(
    {
      allowAllKeys: config.allow_all_keys ?? d.allow_all_keys,
      allowedKeys: config.allowed_keys ?? d.allowed_keys,
      ignoredKeys: config.ignored_keys ?? d.ignored_keys,
      blockedKeyPatterns: config.blocked_key_patterns ?? d.blocked_key_patterns,
      blockedValues: config.blocked_values ?? d.blocked_values,
      allowedValues: config.allowed_values ?? d.allowed_values,
      builtinPatterns: config.builtin_patterns ?? d.builtin_patterns,
      hashFunction: config.hash_function ?? d.hash_function,
    },
    SUMMARY_KEYS,
  );
}

export const redactionProcessorFactory: ProcessorFactory<RedactionProcessorConfig> = {
  kind: 'processor',
  type: 'redaction',
  signals: ['traces', 'logs'],
  description:
    'Masks or hashes emails, phone numbers, payment cards, IBANs, API keys, credentials, JWTs and IP addresses (and your own patterns) in span attributes, message content and events, and in log record bodies and attributes, before any exporter sees them; removes keys not allowed.',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    const redactor = createRedactor(config);
    const summary = config.summary ?? createDefaultConfig().summary;
    return {
      spanProcessor: new RedactionSpanProcessor(redactor, summary, ctx.log),
      // In a logs pipeline: the same engine on each record's body and attributes.
      logRecord: (record) => redactReadableLogRecord(redactor, record, summary),
    };
  },
};
