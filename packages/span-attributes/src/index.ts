export { StartAttributesProcessor, startSpanWith } from './start.js';
export { type ProbeLimits, trustNoSpans, trustSpans, trustSpansLazily } from './trust.js';
export { writeAttribute, writeAttributes, writesDirectly } from './write.js';
