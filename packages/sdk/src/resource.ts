import type { Env } from '@genai-otel/component';
import type { ResolvedConfig } from '@genai-otel/config';
import { ATTR_SERVICE_NAME } from '@genai-otel/semantic-conventions';
import {
  defaultResource,
  detectResources,
  hostDetector,
  processDetector,
  type Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';

/**
 * The resource every span and metric carries. Later sources win:
 * SDK defaults (`telemetry.sdk.*`, `service.name=unknown_service:node`) < process and host
 * detectors < `service.telemetry.resource` in the YAML < `OTEL_RESOURCE_ATTRIBUTES` <
 * `OTEL_SERVICE_NAME`. The environment wins over the file so one file serves every deployment.
 */
export function buildResource(
  config: Pick<ResolvedConfig, 'telemetry'>,
  env: Env = process.env,
  onWarning: (message: string) => void = () => {},
): Resource {
  let resource = defaultResource()
    .merge(detectResources({ detectors: [processDetector, hostDetector] }))
    .merge(resourceFromAttributes({ ...(config.telemetry?.resource ?? {}) }));
  const fromEnv = parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES, onWarning);
  if (Object.keys(fromEnv).length > 0) resource = resource.merge(resourceFromAttributes(fromEnv));
  const serviceName = env.OTEL_SERVICE_NAME?.trim();
  if (serviceName)
    resource = resource.merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }));
  // The host detector's `host.id` is a promise (the machine id is read from a file). Until
  // someone awaits it, the resource leaves it out of `attributes` and builds that object again at
  // every read: per span, for processors that read the resource (bench/README.md,
  // openai-pipelines). Settled here once, as soon as the file is read.
  resource.waitForAsyncAttributes?.().catch(() => {});
  return resource;
}

/**
 * `key1=value1,key2=value2` with `,` and `=` percent-encoded. As the spec asks, one bad entry
 * discards the whole variable (and says why) rather than applying half of it.
 */
export function parseResourceAttributes(
  raw: string | undefined,
  onWarning: (message: string) => void = () => {},
): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (!raw?.trim()) return attributes;
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const parts = entry.split('=');
    const key = parts[0]?.trim() ?? '';
    if (parts.length !== 2 || key === '') {
      onWarning(`OTEL_RESOURCE_ATTRIBUTES ignored: "${entry}" is not key=value`);
      return {};
    }
    try {
      attributes[decodeURIComponent(key)] = decodeURIComponent((parts[1] ?? '').trim());
    } catch {
      onWarning(`OTEL_RESOURCE_ATTRIBUTES ignored: "${entry}" has a bad percent-encoding`);
      return {};
    }
  }
  return attributes;
}
