import { createRequire } from 'node:module';
import {
  GenAIInstrumentation,
  type PatchTarget,
  type ProviderSpec,
  type ResourceLike,
} from '@genai-otel/instrumentation-core';
import { type Context, type Span, trace } from '@opentelemetry/api';
import { endpointOf } from './endpoint.js';
import { messagesCreate } from './messages-create.js';
import type { AnthropicInstrumentationConfig } from './types.js';

// Read at load, from the package root both `src/` and `dist/` sit in: no generated version file.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The `@anthropic-ai/sdk` versions patched: the 0.x line from its Stainless rewrite, and 1.x. */
export const SUPPORTED_VERSIONS = ['>=0.50.0 <2'];

/** The Anthropic SDK on the engine: `messages.create` and the beta `messages.create`. */
export const ANTHROPIC_SPEC: ProviderSpec = {
  name: 'anthropic',
  module: '@anthropic-ai/sdk',
  versions: SUPPORTED_VERSIONS,
  targets(moduleExports: unknown): PatchTarget[] {
    const exports = moduleExports as { Anthropic?: unknown; default?: unknown } | undefined;
    // biome-ignore lint/suspicious/noExplicitAny: the SDK is a dev dependency, never a value import.
    const Anthropic = (exports?.Anthropic ?? exports?.default) as any;
    return [
      { proto: Anthropic?.Messages?.prototype, method: 'create', handler: messagesCreate },
      { proto: Anthropic?.Beta?.Messages?.prototype, method: 'create', handler: messagesCreate },
    ];
  },
  endpoint: (resource: ResourceLike) => endpointOf(resource?._client?.baseURL),
  parentContext: sdkCallSpanContext,
};

/**
 * The SDK's own call span (1.x tracing), when the SDK started it before calling `create` and
 * passes it in the request options (`__span`, as `messages.stream()` does) instead of making it
 * active: ours goes under it, so the two spans of the call nest as they do for a plain `create`
 * (where the SDK starts its span inside ours), and genai_cost counts the call once.
 */
function sdkCallSpanContext(args: readonly unknown[], active: Context): Context | undefined {
  const options = args[1] as { __span?: { span?: Span } } | null | undefined;
  const span = options?.__span?.span;
  if (span === undefined || typeof span?.spanContext !== 'function') return undefined;
  return trace.setSpan(active, span);
}

/**
 * OpenTelemetry instrumentation of `@anthropic-ai/sdk` (0.x from 0.50, 1.x): GenAI-convention
 * CLIENT spans for `messages.create` (and `beta.messages.create`), streamed or not, which
 * `messages.stream()` and `messages.parse()` go through. The Bedrock and Vertex clients share the
 * code path and are named `aws.bedrock` / `gcp.vertex_ai` by their host.
 */
export class AnthropicInstrumentation extends GenAIInstrumentation<AnthropicInstrumentationConfig> {
  constructor(config: AnthropicInstrumentationConfig = {}) {
    super(pkg.name, pkg.version, config);
  }

  protected get spec(): ProviderSpec {
    return ANTHROPIC_SPEC;
  }
}
