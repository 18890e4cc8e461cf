/** Where a command writes and what it reads: `process` in the executable, buffers in unit tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

export const processIO: CliIO = {
  out: (text) => {
    process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
  env: process.env,
};

/** BSD sysexits, as `@genai-otel/register` uses them: usage error, bad config, internal error. */
export const EXIT_USAGE = 64;
export { EXIT_CONFIG, EXIT_SOFTWARE } from '@genai-otel/register/report';

export class UsageError extends Error {
  override name = 'UsageError';
}
