import { createRequire } from 'node:module';
import { resolveCaptureContent } from '@genai-otel/instrumentation-core/rules';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { createIntegration, type Integration, registry } from './integration.js';

// Read at load, from the package root both `src/` and `dist/` sit in: no generated version file.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

export interface AiSdkInstrumentationConfig extends InstrumentationConfig {
  /**
   * Let `@ai-sdk/otel` record prompts and outputs (`gen_ai.input.messages`, …) on calls that do
   * not set `recordInputs` / `recordOutputs`. Default `false`; when unset,
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true` turns it on.
   */
  captureMessageContent?: boolean;
}

export const MODULE = 'ai';
/**
 * AI SDK 7 only: it emits nothing unless a telemetry integration is registered. AI SDK 6 makes
 * its own `ai.*` spans when a call says `experimental_telemetry: { isEnabled: true }`, and
 * `genai_cost` reads them; registering an AI SDK 7 integration there would trace calls twice.
 */
export const SUPPORTED_VERSIONS = ['>=7 <8'];

/**
 * Switches AI SDK 7's OpenTelemetry on for the app. AI SDK 7 moved its spans out of `ai` into
 * `@ai-sdk/otel`: `experimental_telemetry: { isEnabled: true }` alone traces nothing until an
 * integration is registered (`registerTelemetry(new OpenTelemetry())`, which puts it in
 * `globalThis.AI_SDK_TELEMETRY_INTEGRATIONS`, the list every call reads when it names no
 * integrations of its own). When `ai` 7 loads, this registers one that stands aside when the
 * app registers its own.
 */
export class AiSdkInstrumentation extends InstrumentationBase<AiSdkInstrumentationConfig> {
  // `declare`d: the base constructor runs enable() before a field initialiser would.
  declare private integration: Integration | undefined;
  declare private capture: boolean;

  constructor(config: AiSdkInstrumentationConfig = {}) {
    super(pkg.name, pkg.version, config);
  }

  override setConfig(config: AiSdkInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.capture = resolveCaptureContent(config.captureMessageContent);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        MODULE,
        SUPPORTED_VERSIONS,
        (exports: unknown) => {
          this.register();
          return exports;
        },
        () => this.unregister(),
      ),
    ];
  }

  override disable(): void {
    super.disable();
    this.unregister();
  }

  /** Puts our integration in the SDK's global list, once. */
  register(): void {
    try {
      this.integration ??= createIntegration(
        () => this.tracer,
        () => this.isEnabled(),
        () => this.capture,
      );
      const list = registry();
      if (!list.includes(this.integration)) list.push(this.integration);
    } catch {
      // Telemetry never breaks the app: the SDK then runs untraced.
    }
  }

  unregister(): void {
    const i = this.integration;
    if (i === undefined) return;
    const list = registry();
    const at = list.indexOf(i);
    if (at !== -1) list.splice(at, 1);
  }
}
