import type { ComponentCatalog, ComponentKind, ComponentTypeInfo } from './types.js';

export const KINDS: readonly ComponentKind[] = [
  'receiver',
  'processor',
  'exporter',
  'connector',
  'extension',
];

/**
 * The type info for `type` of `kind`, aliases resolved. Works whether or not the catalog's `get`
 * resolves aliases itself.
 */
export function lookupType(
  catalog: ComponentCatalog,
  kind: ComponentKind,
  type: string,
): ComponentTypeInfo | undefined {
  const direct = catalog.get(kind, type);
  if (direct !== undefined) return direct;
  for (const canonical of catalog.types(kind)) {
    const info = catalog.get(kind, canonical);
    if (info?.aliases?.includes(type)) return info;
  }
  return undefined;
}

/** Canonical type names of a kind, sorted: what "valid values" lists. */
export function canonicalTypes(catalog: ComponentCatalog, kind: ComponentKind): string[] {
  const names = catalog.types(kind).map((t) => catalog.get(kind, t)?.type ?? t);
  return [...new Set(names)].sort();
}

/** Which other kind has this type, for a hint when a component sits in the wrong section. */
export function otherKindOf(
  catalog: ComponentCatalog,
  kind: ComponentKind,
  type: string,
): ComponentKind | undefined {
  return KINDS.find((k) => k !== kind && lookupType(catalog, k, type) !== undefined);
}
