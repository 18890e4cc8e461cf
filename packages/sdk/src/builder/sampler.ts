import type { Env } from '@genai-otel/component';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  createAlwaysRecordSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { Logger } from '../logger.js';

/**
 * The `OTEL_TRACES_SAMPLER` names this SDK builds (the remote ones need a server we do not run).
 * None of them reads span attributes, which the TracerProvider's `StartAttributesProcessor` relies
 * on (build-traces.ts): a sampler that did would need a provider without it.
 */
export const SAMPLER_TYPES = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerType = (typeof SAMPLER_TYPES)[number];

/** `receivers.genai.sampler` as written in the YAML. */
export interface SamplerSettings {
  /** Default: `OTEL_TRACES_SAMPLER`, else `parentbased_always_on` (the SDK's default). */
  type?: SamplerType;
  /** For the ratio samplers, 0..1. Default: `OTEL_TRACES_SAMPLER_ARG`, else 1. */
  ratio?: number;
  /**
   * Spans of traces the sampler drops are still recorded in-process (the spec's record-only
   * decision: not sampled, so neither exported nor propagated as sampled) so that cost, metrics
   * and event connectors see every call. Default true; false saves the recording of dropped
   * traces at the price of metrics that undercount.
   */
  record_unsampled?: boolean;
}

export interface BuiltSampler {
  sampler: Sampler;
  /** For the start-up message, e.g. `parentbased_traceidratio 0.1 (record-only when dropped)`. */
  description: string;
  /** True when the sampler is the SDK's default and every trace is exported. */
  isDefault: boolean;
}

/**
 * The TracerProvider's sampler from the YAML, else from `OTEL_TRACES_SAMPLER`/`_ARG` (bad env
 * values are reported and ignored, as the spec asks). Unless told otherwise, a dropped trace is
 * still recorded: exporter queues take only sampled spans, connectors and processors all of them.
 */
export function buildSampler(
  settings: SamplerSettings | undefined,
  env: Env,
  log: Pick<Logger, 'warn'>,
): BuiltSampler {
  const type = settings?.type ?? envType(env, log) ?? 'parentbased_always_on';
  const ratio = settings?.ratio ?? (type.endsWith('traceidratio') ? envRatio(env, log) : 1);
  const recordUnsampled = settings?.record_unsampled ?? true;
  const base = samplerOf(type, ratio);
  const isDefault = type === 'parentbased_always_on' || type === 'always_on';
  return {
    sampler: recordUnsampled && !isDefault ? createAlwaysRecordSampler(base) : base,
    description:
      `${type}${type.endsWith('traceidratio') ? ` ${ratio}` : ''}` +
      (isDefault ? '' : recordUnsampled ? ' (dropped traces still recorded for metrics)' : ''),
    isDefault,
  };
}

function samplerOf(type: SamplerType, ratio: number): Sampler {
  switch (type) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

function envType(env: Env, log: Pick<Logger, 'warn'>): SamplerType | undefined {
  const raw = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  if (!raw) return undefined;
  if ((SAMPLER_TYPES as readonly string[]).includes(raw)) return raw as SamplerType;
  log.warn(
    `OTEL_TRACES_SAMPLER="${env.OTEL_TRACES_SAMPLER}" is not supported (valid values: ${SAMPLER_TYPES.join(', ')}); using parentbased_always_on`,
  );
  return undefined;
}

function envRatio(env: Env, log: Pick<Logger, 'warn'>): number {
  const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (!raw) return 1;
  const ratio = Number(raw);
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return ratio;
  log.warn(`OTEL_TRACES_SAMPLER_ARG="${raw}" is not a ratio between 0 and 1; using 1`);
  return 1;
}
