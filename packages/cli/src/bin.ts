/**
 * The `genai-otel` executable. The exit code is set rather than forced, so whatever was written to
 * a piped stdout (a long report) is flushed before the process ends.
 */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
