// Explicit exports: the public surface is exactly what is listed here.
export {
  afterVersionWord,
  cardBrandValid,
  cardValid,
  ibanValid,
  ipv6Valid,
  jwtValid,
  luhnValid,
} from './checks.js';
export type { RedactionProcessorConfig, SummaryLevel } from './config.js';
export { createDefaultConfig } from './config.js';
export { createRedactor, redactionProcessorFactory } from './factory.js';
export type { LogBody, LogRecordParts, ReadableLogRecordLike } from './log-record.js';
export { redactLogRecord, redactReadableLogRecord } from './log-record.js';
export type { BuiltinPatternName, Pattern } from './patterns.js';
export { BUILTIN_PATTERN_NAMES, builtinPattern, DEFAULT_BUILTIN_PATTERNS } from './patterns.js';
export { RedactionSpanProcessor } from './redaction-span-processor.js';
export type { HashFunction, RedactionSummary, RedactorOptions } from './redactor.js';
export { MASK, Redactor } from './redactor.js';
