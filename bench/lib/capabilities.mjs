// Reads what a variant actually exported for the probe calls and answers the capability questions.
// Each peer names things its own way (OTel GenAI, OpenLLMetry, OpenInference), so the checks look
// at key shapes and values rather than exact names, and report the key they matched so a reader
// can verify the verdict against the raw spans kept in the results file.

const isCount = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Keys of numeric, positive attributes whose key matches `re` (and not `not`). */
function countKeys(attributes, re, not) {
  return Object.entries(attributes ?? {})
    .filter(([k, v]) => re.test(k) && !(not?.test(k) ?? false) && isCount(v))
    .map(([k]) => k);
}

/** The span the instrumentation made for the call: the one carrying the most attributes. */
export function callSpan(spans) {
  if (!spans || spans.length === 0) return null;
  return spans.reduce((a, b) =>
    Object.keys(b.attributes).length > Object.keys(a.attributes).length ? b : a,
  );
}

/** Token-count keys (input/output/total), excluding request limits and the breakdowns. */
export function usageKeys(span) {
  return span
    ? countKeys(span.attributes, /token/i, /max|cache|reason|audio|prediction|limit/i)
    : [];
}

export function cachedKeys(span) {
  return span ? countKeys(span.attributes, /cache/i) : [];
}

export function reasoningKeys(span) {
  return span ? countKeys(span.attributes, /reason/i) : [];
}

/** Time-to-first-chunk as an attribute or as an event; returns the names found. */
export function firstChunkMarks(span) {
  if (!span) return [];
  const re = /first|ttft|ttfc|time_to_first/i;
  const attrs = Object.entries(span.attributes)
    .filter(([k, v]) => re.test(k) && typeof v === 'number')
    .map(([k]) => k);
  const events = span.events.filter((e) => re.test(e.name)).map((e) => `event: ${e.name}`);
  return [...attrs, ...events];
}

const yesNo = (keys) => (keys.length > 0 ? `yes (${keys.join(', ')})` : 'no');

/** 'plain + stream', 'plain only', 'stream only' or 'no', with the keys matched. */
function where(plainKeys, streamKeys) {
  const keys = [...new Set([...plainKeys, ...streamKeys])];
  if (keys.length === 0) return 'no';
  const on =
    plainKeys.length > 0 && streamKeys.length > 0
      ? 'plain + stream'
      : plainKeys.length > 0
        ? 'plain only'
        : 'stream only';
  return `${on} (${keys.join(', ')})`;
}

/**
 * @param {Record<string, object[]>} probe spans per probe call:
 *   plain, stream (include_usage), streamNoUsage (plain `stream: true`),
 *   plainDetails / streamDetails (reasoning model, include_usage, forced cached tokens)
 */
export function capabilities(probe) {
  const plain = callSpan(probe.plain);
  const stream = callSpan(probe.stream);
  const bare = callSpan(probe.streamNoUsage);
  const details = callSpan(probe.streamDetails);
  const plainDetails = callSpan(probe.plainDetails);
  const onStream = usageKeys(stream);
  const onBare = usageKeys(bare);
  let usageOnStream = 'no';
  if (onBare.length > 0) usageOnStream = 'yes, even when the app does not ask';
  else if (onStream.length > 0) usageOnStream = 'only if the app sets include_usage';
  return {
    spansPerCall: {
      plain: probe.plain?.length ?? 0,
      stream: probe.stream?.length ?? 0,
    },
    usageOnPlain: yesNo(usageKeys(plain)),
    usageOnStream,
    usageKeys: onStream,
    cachedTokens: where(cachedKeys(plainDetails), cachedKeys(details)),
    reasoningTokens: where(reasoningKeys(plainDetails), reasoningKeys(details)),
    timeToFirstChunk: yesNo(firstChunkMarks(details ?? stream)),
  };
}
