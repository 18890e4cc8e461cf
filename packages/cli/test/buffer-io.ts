import type { CliIO } from '../src/cli-io.js';

/** A CliIO that keeps what a command writes, for unit tests of `main`. */
export function bufferIO(env: Record<string, string | undefined> = {}): CliIO & {
  stdout(): string;
  stderr(): string;
} {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    env,
    stdout: () => out,
    stderr: () => err,
  };
}
