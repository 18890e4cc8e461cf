// Explicit exports: the public surface is exactly what is listed here.
export type { GenAIEventsConnectorConfig } from './config.js';
export type { EventCategory, EventKind } from './event-kind.js';
export { categoryOf, EVENT_CATEGORY, EVENT_KIND, eventKindOf } from './event-kind.js';
export { genaiEventsConnectorFactory } from './factory.js';
export type { Field } from './fields.js';
export { CONTENT_FIELDS, FIELD } from './fields.js';
export type { GenAIEventsConnectorOptions } from './genai-events-connector.js';
export { GenAIEventsConnector } from './genai-events-connector.js';
export type { SpanEventOptions } from './span-events.js';
export { EVENT_NAME_PREFIX, EVENTS_SCOPE, spanToEvents } from './span-events.js';
