/**
 * The summary attributes the `redaction` processor adds to what it changed when its `summary` is
 * `info` or `debug`: the OpenTelemetry Collector's redaction processor's names, so dashboards
 * built for one read the other.
 */

/** Keys removed (not in `allowed_keys`), comma-separated, sorted (`summary: debug`). */
export const ATTR_REDACTION_REDACTED_KEYS = 'redaction.redacted.keys';
/** How many keys were removed. */
export const ATTR_REDACTION_REDACTED_COUNT = 'redaction.redacted.count';
/** Keys whose value was masked or hashed in whole or in part (`summary: debug`). */
export const ATTR_REDACTION_MASKED_KEYS = 'redaction.masked.keys';
/** How many keys had a value masked. */
export const ATTR_REDACTION_MASKED_COUNT = 'redaction.masked.count';
/** How many keys were passed through untouched (`ignored_keys`). */
export const ATTR_REDACTION_IGNORED_COUNT = 'redaction.ignored.count';
/** Log bodies: keys (paths) masked in the body (`summary: debug`). */
export const ATTR_REDACTION_BODY_MASKED_KEYS = 'redaction.body.masked.keys';
/** Log bodies: how many values of the body were masked. */
export const ATTR_REDACTION_BODY_MASKED_COUNT = 'redaction.body.masked.count';
