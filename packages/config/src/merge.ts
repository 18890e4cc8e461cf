/**
 * A component's settings: its defaults with the user's values on top. Mappings merge key by key,
 * everything else (lists included) is replaced. An empty value (`timeout:`) keeps the default, as
 * in the collector, so `debug:` means "all defaults".
 */
export function mergeDefaults(defaults: unknown, user: unknown): unknown {
  if (user === undefined || user === null) return copy(defaults);
  if (!isPlainObject(defaults) || !isPlainObject(user)) return user;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(defaults)) set(out, key, copy(value));
  for (const [key, value] of Object.entries(user)) {
    const base = Object.hasOwn(defaults, key) ? defaults[key] : undefined;
    set(out, key, value === null && base !== undefined ? copy(base) : mergeDefaults(base, value));
  }
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Defaults are copied so that no two loads (or components) share a mutable object. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) set(out, key, copy(v));
    return out;
  }
  return value;
}

function set(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
