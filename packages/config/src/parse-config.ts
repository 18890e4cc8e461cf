import { readFileSync } from 'node:fs';
import { type ComponentEntry, resolveSection, SECTION_OF_KIND } from './components.js';
import { ConfigError } from './config-error.js';
import { isPlainObject } from './merge.js';
import { resolveService } from './pipelines.js';
import { formatPath, isUnder } from './positions.js';
import { configStructureSchema, TOP_LEVEL_KEYS } from './structure-schema.js';
import type {
  ComponentKind,
  ConfigIssue,
  LoadConfigOptions,
  ParseConfigOptions,
  ResolvedComponent,
  ResolvedConfig,
} from './types.js';
import { firstInvalidUtf8 } from './utf8.js';
import { locate, validateAt } from './validate-located.js';
import {
  type LocatedIssue,
  offsetPosition,
  type ParsedDocument,
  readYaml,
} from './yaml-document.js';

const INLINE = '<inline>';

/**
 * Reads and validates a config file. Synchronous on purpose: the register hook loads the config
 * before the application's first line runs. Throws `ConfigError` listing every problem.
 */
export function loadConfigFile(path: string, options: LoadConfigOptions): ResolvedConfig {
  let text: string;
  try {
    const bytes = readFileSync(path);
    const invalid = firstInvalidUtf8(bytes);
    if (invalid >= 0) {
      // Decoding would turn the bad bytes into U+FFFD and carry on; say where the file stops
      // being text instead.
      const before = bytes.subarray(0, invalid).toString('utf8');
      throw new ConfigError([
        {
          file: path,
          ...offsetPosition(before, before.length),
          path: '',
          message: `the file is not UTF-8 text (byte 0x${bytes[invalid]!.toString(16).toUpperCase().padStart(2, '0')} here): a config file must be saved as UTF-8`,
        },
      ]);
    }
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : error instanceof Error
          ? error.message
          : String(error);
    throw new ConfigError([
      {
        file: path,
        line: 0,
        column: 0,
        path: '',
        message: `cannot read the config file: ${reason}`,
      },
    ]);
  }
  return parseConfig(text, { ...options, file: path });
}

/**
 * Parses, expands and validates config text. Either returns a fully resolved config or throws a
 * `ConfigError` with every issue found, sorted by position; never half a config.
 */
export function parseConfig(text: string, options: ParseConfigOptions): ResolvedConfig {
  const file = options.file ?? INLINE;
  const toConfigIssue = (issue: LocatedIssue): ConfigIssue => ({
    file,
    line: issue.line,
    column: issue.column,
    path: formatPath(issue.path),
    message: issue.message,
  });

  const read = readYaml(text, options.env ?? process.env);
  if (!read.ok) throw new ConfigError(read.syntaxIssues.map(toConfigIssue));
  const doc = read.document;

  const root = doc.value ?? {};
  if (!isPlainObject(root)) {
    throw new ConfigError([
      toConfigIssue({
        path: [],
        ...doc.root,
        message: `the top level must be a mapping of sections (${TOP_LEVEL_KEYS.join(', ')})`,
      }),
    ]);
  }

  const issues: LocatedIssue[] = [];
  const structure = validateAt(configStructureSchema, root, [], doc);
  issues.push(...locate(structure.issues, [], doc));

  const entries = {} as Record<ComponentKind, Map<string, ComponentEntry>>;
  for (const kind of Object.keys(SECTION_OF_KIND) as ComponentKind[]) {
    entries[kind] = resolveSection(kind, root[SECTION_OF_KIND[kind]], options.catalog, doc, issues);
  }
  checkSharedIds(entries, doc, issues);
  const unresolved = {} as Record<ComponentKind, Set<string>>;
  for (const kind of Object.keys(SECTION_OF_KIND) as ComponentKind[]) {
    const section = root[SECTION_OF_KIND[kind]];
    const ids = isPlainObject(section) ? Object.keys(section) : [];
    unresolved[kind] = new Set(ids.filter((id) => !entries[kind].has(id)));
  }
  const service = resolveService(root.service, entries, unresolved, doc, issues);

  // An unexpandable value is reported once, by the walker; what the schema would add is noise.
  const relevant = issues.filter((issue) => !doc.poisoned.some((p) => isUnder(issue.path, p)));
  const all = [...doc.issues, ...relevant];
  if (all.length > 0) throw new ConfigError(dedupe(all.map(toConfigIssue)));

  const components = (kind: ComponentKind) =>
    new Map<string, ResolvedComponent>(
      [...entries[kind]].map(([id, entry]) => [id, entry.component]),
    );
  const telemetry = isPlainObject(root.service) ? root.service.telemetry : undefined;
  return {
    file,
    receivers: components('receiver'),
    processors: components('processor'),
    exporters: components('exporter'),
    connectors: components('connector'),
    extensions: components('extension'),
    pipelines: service.pipelines,
    serviceExtensions: service.serviceExtensions,
    telemetry: (telemetry ?? {}) as ResolvedConfig['telemetry'],
  };
}

/** Pipelines name connectors and receivers/exporters alike, so an id may be only one of them. */
function checkSharedIds(
  entries: Record<ComponentKind, Map<string, ComponentEntry>>,
  doc: ParsedDocument,
  issues: LocatedIssue[],
): void {
  for (const id of entries.connector.keys()) {
    for (const kind of ['receiver', 'exporter'] as const) {
      if (!entries[kind].has(id)) continue;
      const path = ['connectors', id];
      issues.push({
        path,
        ...doc.positions.locate(path, 'key'),
        message: `id ${JSON.stringify(id)} is also used by ${kind === 'exporter' ? 'an' : 'a'} ${kind}; pipelines could not tell them apart`,
      });
    }
  }
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.line}:${issue.column}:${issue.path}:${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
