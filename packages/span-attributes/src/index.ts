export { type ProbeLimits, trustNoSpans, trustSpans } from './trust.js';
export { writeAttribute, writeAttributes } from './write.js';
