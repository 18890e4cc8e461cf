/**
 * `node --import @genai-otel/register app.js`
 *
 * Runs to completion before the app's main module is loaded, so the instrumentations and the ESM
 * hook are in place for the app's first import. Everything beyond Node's built-ins is imported
 * dynamically inside the try: even a broken installation must not stop the app.
 */
try {
  const { readSettings } = await import('./settings.js');
  const settings = readSettings(process.env);
  if (settings.disabled) {
    // Checked before the sdk is even loaded: disabled means no cost at all.
    const { createLogger } = await import('./logger.js');
    createLogger(settings.logLevel).debug('OTEL_SDK_DISABLED=true: telemetry is off');
  } else {
    const { bootstrap } = await import('./bootstrap.js');
    bootstrap(process.env);
  }
} catch (err) {
  const strict = process.env.GENAI_OTEL_STRICT?.trim().toLowerCase() === 'true';
  const message = err instanceof Error ? err.message : String(err);
  const outcome = strict
    ? 'GENAI_OTEL_STRICT=true: exiting with code 70'
    : 'the app runs WITHOUT instrumentation';
  process.stderr.write(`genai-otel: could not start: ${message}; ${outcome}\n`);
  if (strict) process.exit(70);
}

export {};
