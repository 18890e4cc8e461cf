import { parseComponentId } from './component-id.js';
import { type ComponentEntry, SECTION_OF_KIND } from './components.js';
import { isPlainObject } from './merge.js';
import type { Path } from './positions.js';
import type { ComponentKind, ResolvedPipeline, Signal } from './types.js';
import type { LocatedIssue, ParsedDocument } from './yaml-document.js';

export type Entries = Readonly<Record<ComponentKind, ReadonlyMap<string, ComponentEntry>>>;
/**
 * Ids written in a section that did not resolve (unknown type, a body that is not a mapping …):
 * their problem was reported at the id, so a reference to one is not "not configured".
 */
export type Unresolved = Readonly<Record<ComponentKind, ReadonlySet<string>>>;

type Role = 'receiver' | 'processor' | 'exporter';
const ROLES: readonly Role[] = ['receiver', 'processor', 'exporter'];
const PIPELINE_ID_RE = /^(traces|metrics|logs)(\/[\s\S]+)?$/;

interface ConnectorUse {
  path: Path;
  signal: Signal;
}

/**
 * Checks `service` the way the collector does: every pipeline has receivers and exporters, every
 * reference names a configured component that serves the pipeline's signal, and every connector
 * used is an exporter of its `from` signal and a receiver of its `to` signal somewhere.
 */
export function resolveService(
  service: unknown,
  entries: Entries,
  unresolved: Unresolved,
  doc: ParsedDocument,
  issues: LocatedIssue[],
): { pipelines: ResolvedPipeline[]; serviceExtensions: string[] } {
  const report = (path: Path, message: string, at: 'key' | 'value' = 'value', where = path) => {
    issues.push({ path, message, ...doc.positions.locate(where, at) });
  };
  const pipelines: ResolvedPipeline[] = [];
  // Anything but a mapping was reported by the structure pass.
  if (service != null && !isPlainObject(service)) return { pipelines, serviceExtensions: [] };
  const serviceExtensions = resolveExtensions(service?.extensions, entries, unresolved, report);

  const declared = service?.pipelines;
  if (declared != null && !isPlainObject(declared)) return { pipelines, serviceExtensions };
  if (declared == null || Object.keys(declared).length === 0) {
    report(['service'], 'must have at least one pipeline', 'value', ['service', 'pipelines']);
    return { pipelines, serviceExtensions };
  }

  const asExporter = new Map<string, ConnectorUse[]>();
  const asReceiver = new Map<string, ConnectorUse[]>();
  const misused = new Set<string>();

  for (const [pipelineId, body] of Object.entries(declared)) {
    const signal = PIPELINE_ID_RE.exec(pipelineId)?.[1] as Signal | undefined;
    if (signal === undefined || (body !== null && !isPlainObject(body))) continue;
    const base: Path = ['service', 'pipelines', pipelineId];
    const pipeline: ResolvedPipeline = {
      id: pipelineId,
      signal,
      receivers: [],
      processors: [],
      exporters: [],
    };

    for (const role of ROLES) {
      const key = `${role}s` as const;
      const list = body?.[key];
      if (list != null && !Array.isArray(list)) continue;
      if (role !== 'processor' && (list == null || list.length === 0)) {
        // A missing list points at the pipeline's key; an empty one at the list itself.
        if (list == null) report(base, `must have at least one ${role}`, 'key');
        else report([...base, key], `must have at least one ${role}`);
      }
      const seen = new Set<string>();
      for (const [index, ref] of (list ?? []).entries()) {
        // Malformed ids were reported by the structure pass.
        if (typeof ref !== 'string' || parseComponentId(ref) === undefined) continue;
        const path: Path = [...base, key, index];
        if (seen.has(ref)) {
          report(path, `references ${role} ${JSON.stringify(ref)} more than once`);
          continue;
        }
        seen.add(ref);
        pipeline[key].push(ref);

        const own = entries[role].get(ref);
        const connector = role === 'processor' ? undefined : entries.connector.get(ref);
        if (own === undefined && connector === undefined) {
          const reported =
            unresolved[role].has(ref) || (role !== 'processor' && unresolved.connector.has(ref));
          if (!reported) report(path, notConfigured(role, ref, entries));
          continue;
        }
        if (own !== undefined) {
          const { signals } = own.info;
          if (!signals.includes(signal)) {
            report(
              path,
              `${role} ${JSON.stringify(ref)} does not support ${signal} (it supports: ${signals.join(', ') || 'none'})`,
            );
          }
          continue;
        }
        const info = connector!.info;
        const from = info.connects?.from;
        const to = info.connects?.to;
        const wanted = role === 'exporter' ? from : to;
        if (wanted !== undefined && wanted !== signal) {
          misused.add(ref);
          report(
            path,
            `connector ${JSON.stringify(ref)} cannot be ${role === 'exporter' ? 'an exporter' : 'a receiver'} of a ${signal} pipeline: it connects ${from} to ${to}`,
          );
          continue;
        }
        const uses = role === 'exporter' ? asExporter : asReceiver;
        uses.set(ref, [...(uses.get(ref) ?? []), { path, signal }]);
      }
    }
    pipelines.push(pipeline);
  }

  checkConnectorsBothSides(entries, asExporter, asReceiver, misused, report);
  return { pipelines, serviceExtensions };
}

function checkConnectorsBothSides(
  entries: Entries,
  asExporter: Map<string, ConnectorUse[]>,
  asReceiver: Map<string, ConnectorUse[]>,
  misused: Set<string>,
  report: (path: Path, message: string) => void,
): void {
  for (const [id, { info }] of entries.connector) {
    if (misused.has(id)) continue;
    const exported = asExporter.get(id);
    const received = asReceiver.get(id);
    const from = info.connects?.from ?? 'its input';
    const to = info.connects?.to ?? 'its output';
    if (exported !== undefined && received === undefined) {
      report(
        exported[0]!.path,
        `connector ${JSON.stringify(id)} is an exporter here but no ${to} pipeline lists it as a receiver`,
      );
    } else if (received !== undefined && exported === undefined) {
      report(
        received[0]!.path,
        `connector ${JSON.stringify(id)} is a receiver here but no ${from} pipeline lists it as an exporter`,
      );
    }
  }
}

function resolveExtensions(
  list: unknown,
  entries: Entries,
  unresolved: Unresolved,
  report: (path: Path, message: string) => void,
): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const [index, ref] of list.entries()) {
    if (typeof ref !== 'string' || parseComponentId(ref) === undefined) continue;
    const path: Path = ['service', 'extensions', index];
    if (out.includes(ref)) {
      report(path, `references extension ${JSON.stringify(ref)} more than once`);
    } else if (!entries.extension.has(ref)) {
      if (!unresolved.extension.has(ref)) report(path, notConfigured('extension', ref, entries));
    } else {
      out.push(ref);
    }
  }
  return out;
}

function notConfigured(role: ComponentKind, ref: string, entries: Entries): string {
  const message = `references ${role} ${JSON.stringify(ref)} which is not configured`;
  const elsewhere = (Object.keys(entries) as ComponentKind[]).find(
    (kind) => kind !== role && entries[kind].has(ref),
  );
  return elsewhere === undefined
    ? message
    : `${message} (there is ${elsewhere === 'exporter' || elsewhere === 'extension' ? 'an' : 'a'} ${elsewhere} "${ref}" under ${SECTION_OF_KIND[elsewhere]})`;
}
