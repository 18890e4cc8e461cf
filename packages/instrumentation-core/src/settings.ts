import { ENV_CAPTURE_MESSAGE_CONTENT } from '@genai-otel/semantic-conventions';
import { diag } from '@opentelemetry/api';

/** Longest content attribute, in characters, unless configured otherwise. */
export const DEFAULT_MAX_CONTENT_LENGTH = 16 * 1024;

/**
 * The ONE reading of `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`: on only for `true`
 * (trimmed, any case). Every instrumentation, the manual tracing API and the `genai` receiver
 * read it through here.
 */
export function captureContentFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return env[ENV_CAPTURE_MESSAGE_CONTENT]?.trim().toLowerCase() === 'true';
}

/**
 * Content capture: an explicit option wins (so `false` holds against the environment), else the
 * environment decides.
 */
export function resolveCaptureContent(
  option: boolean | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return option ?? captureContentFromEnv(env);
}

/**
 * A content length limit: a positive number (floored), else the default with one diagnostic
 * warning naming `who` — a bad setting is clamped, never a crash.
 */
export function resolveMaxContentLength(value: number | undefined, who: string): number {
  if (value === undefined) return DEFAULT_MAX_CONTENT_LENGTH;
  if (!(Number.isFinite(value) && value >= 1)) {
    diag.warn(
      `genai-otel ${who}: maxContentLength ${String(value)} is not a positive number; using ${DEFAULT_MAX_CONTENT_LENGTH}`,
    );
    return DEFAULT_MAX_CONTENT_LENGTH;
  }
  return Math.floor(value);
}
