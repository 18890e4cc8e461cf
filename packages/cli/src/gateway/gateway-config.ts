/**
 * An `otelcol-contrib` configuration for the gateway in front of N `genai-otel collector`s.
 *
 * The gateway receives OTLP as the user's `otlp` receiver is written, and for each signal whose
 * pipelines need genai-otel (pricing, GenAI metrics and events, LangSmith, CloudWatch EMF …) it
 * forwards everything, unsampled, with the `loadbalancing` exporter: by trace id for traces and
 * logs, so every span of a trace meets in one collector (run trees, roll-ups, tail sampling there
 * see whole traces), by service for metrics. A signal whose pipelines are only standard components
 * (batch, otlp_http, debug) is run by the gateway itself, as written. Nothing is sampled before
 * the collectors: `genai_cost` and `genai_metrics` must see every call for spend and token
 * metrics to be exact; sampling belongs behind them.
 */
import { readFileSync } from 'node:fs';
import type {
  ComponentCatalog,
  ResolvedConfig,
  ResolvedPipeline,
  Signal,
} from '@genai-otel/config';
import { type ComponentRegistry, loadConfig } from '@genai-otel/sdk';
import { Document, parse } from 'yaml';
import {
  INSTEAD,
  isStandard,
  OTLP_GRPC_KEYS,
  OTLP_HTTP_KEYS,
  STANDARD_KEYS,
} from './otelcol-keys.js';

export class GatewayError extends Error {
  override name = 'GatewayError';
}

export interface GatewayOptions {
  /** How many collectors the gateway balances over. */
  collectors: number;
  /** Their host names; `{i}` is replaced by 1…N. Default `genai-otel-collector-{i}`. */
  hostPattern?: string;
  registry?: ComponentRegistry | ComponentCatalog;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface GatewayResult {
  /** The otelcol-contrib YAML, with a header comment describing the topology. */
  yaml: string;
  /** The config as an object (what `yaml` holds, without comments). */
  config: Record<string, unknown>;
  /** Things the user should know: keys left out, a collector endpoint on loopback. */
  notes: string[];
}

type Raw = Record<string, unknown>;

const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];
const LB_TRACES = 'loadbalancing';
const LB_METRICS = 'loadbalancing/metrics';
const DEFAULT_GRPC_PORT = '4317';
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i;

export function gatewayConfigFromFile(file: string, options: GatewayOptions): GatewayResult {
  const config = loadConfig(
    file,
    // loadConfig takes the sdk registry; a catalog of the same shape serves tests.
    { registry: options.registry as ComponentRegistry, env: options.env ?? process.env },
  );
  const raw = (parse(readFileSync(file, 'utf8')) ?? {}) as Raw;
  return gatewayConfig(config, raw, options);
}

/** `config`: the validated file; `raw`: the same file parsed as written (env references kept). */
export function gatewayConfig(
  config: ResolvedConfig,
  raw: Raw,
  options: GatewayOptions,
): GatewayResult {
  const notes: string[] = [];
  const file = config.file;
  const otlpIds = [...config.receivers.values()].filter((r) => r.type === 'otlp').map((r) => r.id);
  if (otlpIds.length === 0) {
    throw new GatewayError(
      `${file} has no otlp receiver: the collectors behind a gateway receive OTLP from it (add receivers.otlp with protocols.grpc)`,
    );
  }
  const port = collectorPort(config, raw, otlpIds, notes);
  const tls = collectorsUseTls(raw, otlpIds);
  const token = collectorsToken(raw, otlpIds);
  if (tls) {
    notes.push(
      "the collectors' gRPC receiver uses TLS: give exporters.loadbalancing.protocol.otlp.tls.ca_file (and cert_file/key_file for mutual TLS) in the gateway file",
    );
  }
  const hosts = Array.from(
    { length: options.collectors },
    (_, i) =>
      `${(options.hostPattern ?? 'genai-otel-collector-{i}').replaceAll('{i}', String(i + 1))}:${port}`,
  );

  const receivers: Raw = {};
  const processors: Raw = {};
  const exporters: Raw = {};
  const pipelines: Raw = {};
  const forwarded: Signal[] = [];

  for (const signal of SIGNALS) {
    const fed = config.pipelines.filter(
      (p) => p.signal === signal && p.receivers.some((id) => otlpIds.includes(id)),
    );
    if (fed.length === 0) continue;
    const standardOnly = fed.every((p) => isStandardPipeline(config, p));
    const usedOtlp = unique(fed.flatMap((p) => p.receivers.filter((id) => otlpIds.includes(id))));
    for (const id of usedOtlp) {
      if (receivers[id] !== undefined) continue;
      receivers[id] = copyComponent(raw, 'receiver', 'otlp', id, notes);
      gatewayLoopback(config, id, notes);
    }
    if (standardOnly) {
      for (const p of fed) {
        for (const id of p.processors) {
          processors[id] ??= copyComponent(
            raw,
            'processor',
            typeOf(config, 'processor', id),
            id,
            notes,
          );
        }
        for (const id of p.exporters) {
          exporters[id] ??= copyComponent(
            raw,
            'exporter',
            typeOf(config, 'exporter', id),
            id,
            notes,
          );
        }
        pipelines[p.id] = {
          receivers: p.receivers.filter((id) => otlpIds.includes(id)),
          processors: [...p.processors],
          exporters: [...p.exporters],
        };
      }
      continue;
    }
    forwarded.push(signal);
    const batches = unique(
      fed.flatMap((p) => p.processors.filter((id) => typeOf(config, 'processor', id) === 'batch')),
    );
    for (const id of batches)
      processors[id] ??= copyComponent(raw, 'processor', 'batch', id, notes);
    const lb = signal === 'metrics' ? LB_METRICS : LB_TRACES;
    exporters[lb] ??= loadBalancing(
      signal === 'metrics' ? 'service' : 'traceID',
      hosts,
      tls,
      token,
    );
    pipelines[signal] = { receivers: usedOtlp, processors: batches, exporters: [lb] };
  }
  if (Object.keys(pipelines).length === 0) {
    throw new GatewayError(
      `${file}: no pipeline lists an otlp receiver, so a gateway has nothing to forward`,
    );
  }

  const out: Raw = { receivers };
  if (Object.keys(processors).length > 0) out.processors = processors;
  out.exporters = exporters;
  out.service = { pipelines };
  const doc = new Document(out);
  const local = Object.keys(pipelines).filter((id) => !forwarded.includes(id as Signal));
  doc.commentBefore = header(file, forwarded, local, hosts, options.collectors);
  return { yaml: doc.toString({ lineWidth: 0 }), config: out, notes };
}

function header(
  file: string,
  forwarded: Signal[],
  local: string[],
  hosts: string[],
  n: number,
): string {
  const lines = [
    ` otelcol-contrib gateway, written by \`genai-otel gateway-config ${file} --collectors ${n}\`.`,
    ' Run it with: otelcol-contrib --config <this file>',
    '',
    ' services (any language) ──OTLP──► otelcol-contrib gateway (this file)',
  ];
  if (local.length > 0)
    lines.push(
      `                                      ├─ ${local.join(', ')}: run here, as written`,
    );
  if (forwarded.length > 0) {
    lines.push(
      `                                      └─ ${forwarded.join(', ')}: loadbalancing (traces by trace id)`,
      '                    ┌───────────────────────┼───────────────────────┐',
      '                    ▼                       ▼                       ▼',
      '        genai-otel collector 1    genai-otel collector 2    …   collector N',
      `        each: genai-otel collector --config ${file}`,
      '        (genai_cost, genai_metrics, LangSmith, CloudWatch and the exporters of those pipelines)',
      '',
      ` Collectors: ${hosts.join(', ')}`,
      ' Every span reaches a collector unsampled, so cost and token metrics stay exact; a trace',
      ' meets in one collector, so run trees and any tail sampling there see all of it.',
    );
  }
  return lines.join('\n');
}

function loadBalancing(
  routingKey: 'traceID' | 'service',
  hostnames: string[],
  tls: boolean,
  token: unknown,
): Raw {
  return {
    routing_key: routingKey,
    protocol: {
      otlp: {
        timeout: '10s',
        // The collectors' otlp receiver as written in the same file: plain gRPC unless it has tls.
        tls: { insecure: !tls },
        // The collectors check the token their own file gives (env reference kept as written).
        ...(token === undefined ? {} : { headers: { authorization: `Bearer ${String(token)}` } }),
        retry_on_failure: { enabled: true },
        sending_queue: { enabled: true, queue_size: 5000 },
      },
    },
    resolver: { static: { hostnames } },
  };
}

/** The port of the collectors' OTLP/gRPC endpoint (the loadbalancing exporter speaks gRPC). */
function collectorPort(
  config: ResolvedConfig,
  raw: Raw,
  otlpIds: string[],
  notes: string[],
): string {
  for (const id of otlpIds) {
    // Listed as written (listing a protocol enables it, even as a bare `grpc:`); the endpoint is
    // read from the loaded config, where env references are expanded and defaults filled in.
    const written = ((raw.receivers as Raw | undefined)?.[id] as Raw | null | undefined)?.protocols;
    if (written === null || typeof written !== 'object' || !('grpc' in written)) continue;
    const settings = config.receivers.get(id)?.config as
      | { protocols?: { grpc?: { endpoint?: string } | null } | null }
      | undefined;
    const endpoint = settings?.protocols?.grpc?.endpoint ?? `localhost:${DEFAULT_GRPC_PORT}`;
    const i = endpoint.lastIndexOf(':');
    const host = i > 0 ? endpoint.slice(0, i) : endpoint;
    if (LOOPBACK.test(host)) {
      notes.push(
        `receivers.${id}.protocols.grpc.endpoint is ${endpoint}: the collectors must listen beyond loopback for the gateway to reach them (e.g. 0.0.0.0:${endpoint.slice(i + 1) || DEFAULT_GRPC_PORT})`,
      );
    }
    return i > 0 ? endpoint.slice(i + 1) : DEFAULT_GRPC_PORT;
  }
  throw new GatewayError(
    `${config.file}: the loadbalancing exporter sends OTLP/gRPC, so the collectors' otlp receiver needs protocols.grpc`,
  );
}

/** `bearer_token` of the collectors' otlp receiver as written, if they require one. */
function collectorsToken(raw: Raw, otlpIds: string[]): unknown {
  for (const id of otlpIds) {
    const written = (raw.receivers as Raw | undefined)?.[id] as Raw | null | undefined;
    if (written?.bearer_token !== undefined && written.bearer_token !== null) {
      return written.bearer_token;
    }
  }
  return undefined;
}

/** The gateway's own receiver on loopback would hear no other host: say so. */
function gatewayLoopback(config: ResolvedConfig, id: string, notes: string[]): void {
  const settings = config.receivers.get(id)?.config as
    | { protocols?: Record<string, { endpoint?: string } | null> | null }
    | undefined;
  for (const [name, p] of Object.entries(settings?.protocols ?? {})) {
    const endpoint = p?.endpoint;
    if (endpoint === undefined) continue;
    const i = endpoint.lastIndexOf(':');
    if (LOOPBACK.test(i > 0 ? endpoint.slice(0, i) : endpoint)) {
      notes.push(
        `the gateway's receivers.${id}.protocols.${name}.endpoint is ${endpoint}: services on other hosts cannot reach it; use 0.0.0.0:${endpoint.slice(i + 1)} in the gateway file`,
      );
    }
  }
}

function collectorsUseTls(raw: Raw, otlpIds: string[]): boolean {
  return otlpIds.some((id) => {
    const written = ((raw.receivers as Raw | undefined)?.[id] as Raw | null | undefined)
      ?.protocols as Raw | null | undefined;
    const grpc = written?.grpc as Raw | null | undefined;
    return grpc !== null && typeof grpc === 'object' && grpc.tls !== undefined && grpc.tls !== null;
  });
}

function isStandardPipeline(config: ResolvedConfig, p: ResolvedPipeline): boolean {
  return (
    p.processors.every((id) => isStandard('processor', typeOf(config, 'processor', id))) &&
    p.exporters.every(
      (id) => config.exporters.has(id) && isStandard('exporter', typeOf(config, 'exporter', id)),
    )
  );
}

function typeOf(config: ResolvedConfig, kind: 'processor' | 'exporter', id: string): string {
  const map = kind === 'processor' ? config.processors : config.exporters;
  return map.get(id)?.type ?? config.connectors.get(id)?.type ?? id.split('/')[0] ?? id;
}

/** The component as written in the file, without keys otelcol-contrib would reject. */
function copyComponent(raw: Raw, kind: string, type: string, id: string, notes: string[]): Raw {
  const section = raw[`${kind}s`] as Raw | undefined;
  const written = (section?.[id] ?? {}) as Raw | null;
  const allowed = STANDARD_KEYS[`${kind}:${type}`] ?? [];
  const out = pick(written ?? {}, allowed, `${kind}s.${id}`, notes);
  if (kind === 'receiver' && out.protocols !== undefined) {
    const protocols = (out.protocols ?? {}) as Raw;
    const kept: Raw = {};
    for (const [name, keys] of [
      ['grpc', OTLP_GRPC_KEYS],
      ['http', OTLP_HTTP_KEYS],
    ] as const) {
      if (name in protocols) {
        kept[name] = pick(
          (protocols[name] ?? {}) as Raw,
          keys,
          `${kind}s.${id}.protocols.${name}`,
          notes,
        );
      }
    }
    for (const name of Object.keys(protocols)) {
      if (name !== 'grpc' && name !== 'http')
        notes.push(`left out ${kind}s.${id}.protocols.${name}: not an otelcol-contrib key`);
    }
    out.protocols = kept;
  }
  return out;
}

function pick(obj: Raw, allowed: readonly string[], path: string, notes: string[]): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(obj)) {
    if (allowed.includes(k)) out[k] = v;
    else {
      const instead = INSTEAD[k];
      notes.push(
        `left out ${path}.${k}: not an otelcol-contrib key${instead ? `; ${instead}` : ''}`,
      );
    }
  }
  return out;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
