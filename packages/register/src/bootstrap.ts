/**
 * The `--import` behaviour: `start()` from the environment, and the decision of what a failure
 * means. Outside strict mode nothing register does may stop the app.
 */
import { DEFAULT_CONFIG_FILE } from '@genai-otel/sdk';
import { createLogger } from './logger.js';
import {
  EXIT_CONFIG,
  EXIT_SOFTWARE,
  isConfigProblem,
  reportConfigProblem,
  reportInternalError,
} from './report.js';
import { readSettings } from './settings.js';
import { start } from './start.js';

export function bootstrap(env: NodeJS.ProcessEnv = process.env): void {
  const settings = readSettings(env);
  const log = createLogger(settings.logLevel);
  try {
    start({ env, logger: log });
  } catch (err) {
    if (isConfigProblem(err)) {
      reportConfigProblem(err, settings.configFile ?? DEFAULT_CONFIG_FILE, settings.strict, log);
      if (settings.strict) process.exit(EXIT_CONFIG);
      return;
    }
    reportInternalError(err, settings.strict, log);
    if (settings.strict) process.exit(EXIT_SOFTWARE);
  }
}
