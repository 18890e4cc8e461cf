/** Component ids are `type[/name]`, as in the collector: `otlp_http`, `otlp_http/jaeger`. */

export const COMPONENT_TYPE_PATTERN = '^[a-z][a-z0-9_]*$';
/** A whole id: a type, then optionally `/` and a non-empty name of any characters. */
export const COMPONENT_ID_PATTERN = '^[a-z][a-z0-9_]*(/[\\s\\S]+)?$';

const ID_RE = new RegExp(COMPONENT_ID_PATTERN);

export interface ComponentId {
  type: string;
  name?: string;
}

/** Splits `type[/name]`; `undefined` when the id is not well formed. */
export function parseComponentId(id: string): ComponentId | undefined {
  if (!ID_RE.test(id)) return undefined;
  const slash = id.indexOf('/');
  return slash < 0 ? { type: id } : { type: id.slice(0, slash), name: id.slice(slash + 1) };
}
