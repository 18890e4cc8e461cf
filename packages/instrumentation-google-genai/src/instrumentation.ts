import { createRequire } from 'node:module';
import {
  GenAIInstrumentation,
  type PatchTarget,
  type ProviderSpec,
  type ResourceLike,
} from '@genai-otel/instrumentation-core';
import { embedContent } from './embed-content.js';
import { endpointOf } from './endpoint.js';
import { generateContent, generateContentStream } from './generate-content.js';
import type { GoogleGenAIInstrumentationConfig } from './types.js';

// Read at load, from the package root both `src/` and `dist/` sit in: no generated version file.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The `@google/genai` versions patched: 1.x, 2.x and 3.x share the `Models` internals patched. */
export const SUPPORTED_VERSIONS = ['>=1.0.0 <4'];

/**
 * `@google/genai` on the engine. Its public `Models` methods (`generateContent`…) are arrow
 * functions set per instance in the constructor, so there is no prototype method to patch; each
 * ends in one `*Internal` prototype method per HTTP request, patched here. That gives one span per
 * model call: chats (`sendMessage`, `sendMessageStream`) go through them once, automatic
 * function calling and automatic continuation once per request they make.
 */
export const GOOGLE_GENAI_SPEC: ProviderSpec = {
  name: 'google_genai',
  module: '@google/genai',
  versions: SUPPORTED_VERSIONS,
  targets(moduleExports: unknown): PatchTarget[] {
    const exports = moduleExports as { Models?: { prototype?: unknown } } | undefined;
    const proto = exports?.Models?.prototype;
    return [
      { proto, method: 'generateContentInternal', handler: generateContent },
      { proto, method: 'generateContentStreamInternal', handler: generateContentStream },
      { proto, method: 'embedContentInternal', handler: embedContent },
    ];
  },
  endpoint: (resource: ResourceLike) =>
    endpointOf((resource as { apiClient?: unknown } | undefined)?.apiClient),
};

/**
 * OpenTelemetry instrumentation of `@google/genai`: GenAI-convention CLIENT spans for
 * `models.generateContent`, `models.generateContentStream`, `models.embedContent` and chats, on
 * the Gemini API (`gcp.gemini`) and Vertex AI (`gcp.vertex_ai`).
 */
export class GoogleGenAIInstrumentation extends GenAIInstrumentation<GoogleGenAIInstrumentationConfig> {
  constructor(config: GoogleGenAIInstrumentationConfig = {}) {
    super(pkg.name, pkg.version, config);
  }

  protected get spec(): ProviderSpec {
    return GOOGLE_GENAI_SPEC;
  }
}
