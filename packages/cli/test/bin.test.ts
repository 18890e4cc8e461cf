/** The `genai-otel` bin as a user runs it: the workspace root's `node_modules/.bin` link. */
import { fileURLToPath } from 'node:url';
import { runNode } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LINKED = fileURLToPath(
  new URL('../../../node_modules/@genai-otel/cli/bin/genai-otel.js', import.meta.url),
);

describe('the genai-otel bin', () => {
  it('is linked at the workspace root and runs a command', async () => {
    const run = await runNode([LINKED, 'validate', 'collector-config/jaeger.yaml'], { cwd: ROOT });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'collector-config/jaeger.yaml: valid; 1 pipeline: traces [genai → batch → otlp_http/jaeger]\n',
    );
  });

  it('no command: usage on stderr, exit 64', async () => {
    const run = await runNode([LINKED], { cwd: ROOT });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/^Usage: genai-otel <command>/);
  });
});
