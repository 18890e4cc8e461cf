import type { Connector, Env, Exporter, Receiver } from '@genai-otel/component';
import type { ComponentKind, ResolvedComponent, ResolvedConfig, Signal } from '@genai-otel/config';
import type { Logger } from '../logger.js';
import type { ComponentRegistry } from '../registry.js';

/** The in-process receiver: pipelines listing it get every span of the TracerProvider. */
export const IN_PROCESS_RECEIVER = 'genai';

export interface Instantiator {
  /** Builds one component instance (the caller decides how often). */
  create<T>(component: ResolvedComponent, signals?: readonly Signal[]): T;
}

export function instantiator(registry: ComponentRegistry, env: Env, log: Logger): Instantiator {
  return {
    create<T>(component: ResolvedComponent, signals?: readonly Signal[]): T {
      const factory = registry.get(component.kind, component.type);
      if (!factory) {
        throw new Error(
          `unknown ${component.kind} type "${component.type}" for id "${component.id}" (valid values: [${registry.types(component.kind).join(', ')}])`,
        );
      }
      const config = withDefaults(factory.createDefaultConfig(), component.config);
      const ctx = {
        id: component.id,
        env,
        log: log.child(`${component.kind} ${component.id}: `),
        ...(signals ? { signals } : {}),
      };
      try {
        return factory.create(config, ctx) as T;
      } catch (error) {
        throw new Error(
          `cannot create ${component.kind} ${component.id}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    },
  };
}

/** Nested objects keep the defaults the YAML did not mention; arrays and scalars replace them. */
export function withDefaults(defaults: unknown, value: unknown): unknown {
  // An empty YAML value (`debug:`) means "the defaults", as in the collector.
  if (value === undefined || value === null) return defaults;
  if (!isPlainObject(defaults) || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(value)) out[k] = withDefaults(defaults[k], v);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every receiver, exporter and connector the pipelines use, each built once. */
export interface SharedComponents {
  receivers: Map<string, Receiver>;
  exporters: Map<string, Exporter>;
  connectors: Map<string, Connector>;
}

export function buildShared(config: ResolvedConfig, make: Instantiator): SharedComponents {
  // Receivers, exporters and connectors are separate namespaces: `otlp` may be both a receiver
  // and an exporter. A connector id appears in both lists.
  const uses = new Map<string, { kind: ComponentKind; id: string; signals: Set<Signal> }>();
  const note = (kind: ComponentKind, id: string, signal: Signal) => {
    const k = `${kind}\u0000${id}`;
    const entry = uses.get(k) ?? { kind, id, signals: new Set<Signal>() };
    entry.signals.add(signal);
    uses.set(k, entry);
  };
  for (const p of config.pipelines) {
    for (const id of p.receivers)
      note(config.receivers.has(id) ? 'receiver' : 'connector', id, p.signal);
    for (const id of p.exporters)
      note(config.exporters.has(id) ? 'exporter' : 'connector', id, p.signal);
  }

  const genaiIds = [...uses.values()]
    .filter(
      (u) => u.kind === 'receiver' && config.receivers.get(u.id)?.type === IN_PROCESS_RECEIVER,
    )
    .map((u) => u.id);
  if (genaiIds.length > 1) {
    throw new Error(
      `only one ${IN_PROCESS_RECEIVER} receiver can be used (found ${genaiIds.join(', ')}): instrumentations patch each module once`,
    );
  }

  const shared: SharedComponents = {
    receivers: new Map(),
    exporters: new Map(),
    connectors: new Map(),
  };
  for (const { kind, id, signals } of uses.values()) {
    const section =
      kind === 'receiver'
        ? config.receivers
        : kind === 'exporter'
          ? config.exporters
          : config.connectors;
    const component = section.get(id);
    if (!component) throw new Error(`pipelines reference ${kind} "${id}" which is not configured`);
    const built = make.create(component, [...signals]);
    if (kind === 'receiver') shared.receivers.set(id, built as Receiver);
    else if (kind === 'exporter') shared.exporters.set(id, built as Exporter);
    else shared.connectors.set(id, built as Connector);
  }
  return shared;
}
