import { canonicalTypes, lookupType, otherKindOf } from './catalog.js';
import { parseComponentId } from './component-id.js';
import { isPlainObject, mergeDefaults } from './merge.js';
import type { Path } from './positions.js';
import type {
  ComponentCatalog,
  ComponentKind,
  ComponentTypeInfo,
  ResolvedComponent,
  ValidationIssue,
} from './types.js';
import { locate, validateAt } from './validate-located.js';
import type { LocatedIssue, ParsedDocument } from './yaml-document.js';

/** A resolved component and what the catalog says of its type (signals, connects). */
export interface ComponentEntry {
  component: ResolvedComponent;
  info: ComponentTypeInfo;
}

export const SECTION_OF_KIND: Readonly<Record<ComponentKind, string>> = {
  receiver: 'receivers',
  processor: 'processors',
  exporter: 'exporters',
  connector: 'connectors',
  extension: 'extensions',
};

/**
 * Resolves every component of one section: id → type (aliases followed), defaults merged with
 * the user's settings, then the type's schema and its `validate()`. Ids whose layout the structure
 * pass already rejected are skipped here, so each problem is reported once.
 */
export function resolveSection(
  kind: ComponentKind,
  section: unknown,
  catalog: ComponentCatalog,
  doc: ParsedDocument,
  issues: LocatedIssue[],
): Map<string, ComponentEntry> {
  const entries = new Map<string, ComponentEntry>();
  if (!isPlainObject(section)) return entries;
  const sectionKey = SECTION_OF_KIND[kind];

  for (const [id, body] of Object.entries(section)) {
    const parsed = parseComponentId(id);
    if (parsed === undefined) continue;
    const base: Path = [sectionKey, id];
    const info = lookupType(catalog, kind, parsed.type);
    if (info === undefined) {
      const { line, column } = doc.positions.locate(base, 'key');
      issues.push({
        path: base,
        line,
        column,
        message: unknownTypeMessage(catalog, kind, parsed.type, id),
      });
      continue;
    }
    if (body !== null && !isPlainObject(body)) continue;

    let defaults: unknown;
    try {
      defaults = info.createDefaultConfig();
    } catch (error) {
      issues.push({
        path: base,
        ...doc.positions.locate(base, 'key'),
        message: internal('creating the defaults of', info, error),
      });
      continue;
    }
    let config =
      body === null ? (mergeDefaults(undefined, defaults) ?? {}) : mergeDefaults(defaults, body);

    let problems: ValidationIssue[] = [];
    if (info.schema !== undefined) {
      const checked = validateAt(info.schema, config, base, doc);
      config = checked.value;
      problems = checked.issues;
    }
    // Like the collector's Validate(): only once the settings have the right shape.
    if (problems.length === 0 && info.validate !== undefined) {
      try {
        problems = info.validate(config);
      } catch (error) {
        problems = [{ path: [], message: internal('validating', info, error) }];
      }
    }
    issues.push(...locate(problems, base, doc));

    const component: ResolvedComponent = { id, type: info.type, kind, config };
    if (parsed.name !== undefined) component.name = parsed.name;
    entries.set(id, { component, info });
  }
  return entries;
}

function unknownTypeMessage(
  catalog: ComponentCatalog,
  kind: ComponentKind,
  type: string,
  id: string,
): string {
  const valid = canonicalTypes(catalog, kind);
  let message = `unknown type ${JSON.stringify(type)} for id ${JSON.stringify(id)} (valid values: ${valid.length > 0 ? valid.join(', ') : `no ${kind} types are registered`})`;
  const other = otherKindOf(catalog, kind, type);
  if (other !== undefined) {
    message += `; "${type}" is ${article(other)} ${other}, configure it under ${SECTION_OF_KIND[other]}`;
  }
  return message;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function internal(doing: string, info: ComponentTypeInfo, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `internal error ${doing} ${info.kind} "${info.type}": ${reason}`;
}
