const MAX = 60;

/** A short rendering of a YAML value for "(got …)" in messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return truncate(JSON.stringify(value));
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    const json = safeJson(value);
    return json !== undefined && json.length <= MAX
      ? json
      : `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  return 'a mapping';
}

function truncate(text: string): string {
  return text.length <= MAX ? text : `${text.slice(0, MAX - 2)}…"`;
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
