// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:VAR} is the syntax under test
import { describe, expect, it } from 'vitest';
import { expandEnv } from './env-expand.js';

const env = { HOST: 'collector', PORT: '4318', EMPTY: '', _UNDER_1: 'u' };

describe('expandEnv', () => {
  it.each([
    { input: 'plain text', want: { kind: 'unchanged' } },
    { input: '${env:HOST}', want: { kind: 'whole', text: 'collector' } },
    { input: '${HOST}', want: { kind: 'whole', text: 'collector' } },
    {
      input: '${env:MISSING:-http://localhost:4318}',
      want: { kind: 'whole', text: 'http://localhost:4318' },
    },
    { input: '${MISSING:-fallback}', want: { kind: 'whole', text: 'fallback' } },
    { input: '${env:MISSING:-}', want: { kind: 'whole', text: '' } },
    // A set-but-empty variable is used as is; the default is for unset ones only.
    { input: '${env:EMPTY:-x}', want: { kind: 'whole', text: '' } },
    { input: '${_UNDER_1}', want: { kind: 'whole', text: 'u' } },
    {
      input: 'http://${env:HOST}:${PORT}/v1',
      want: { kind: 'string', value: 'http://collector:4318/v1' },
    },
    { input: '$$', want: { kind: 'string', value: '$' } },
    { input: '$${env:HOST}', want: { kind: 'string', value: '${env:HOST}' } },
    { input: '$$$${HOST}', want: { kind: 'string', value: '$${HOST}' } },
    { input: '$$${HOST}', want: { kind: 'string', value: '$collector' } },
    { input: 'cost $5', want: { kind: 'string', value: 'cost $5' } },
    { input: '$HOME', want: { kind: 'string', value: '$HOME' } },
    { input: 'trailing $', want: { kind: 'string', value: 'trailing $' } },
  ])('$input', ({ input, want }) => {
    expect(expandEnv(input, env)).toEqual(want);
  });

  it.each([
    {
      input: '${env:OTEL_FOO}',
      error:
        'environment variable "OTEL_FOO" is not set (use ${env:OTEL_FOO:-default} to give a default)',
    },
    {
      input: 'x-${FOO}',
      error: 'environment variable "FOO" is not set (use ${env:FOO:-default} to give a default)',
    },
    {
      input: '${env:1BAD}',
      error:
        'invalid environment variable reference "${env:1BAD}": a name must match ^[a-zA-Z_][a-zA-Z0-9_]*$ (write "$$" for a literal "$")',
    },
    {
      input: '${1}',
      error:
        'invalid environment variable reference "${1}": a name must match ^[a-zA-Z_][a-zA-Z0-9_]*$ (write "$$" for a literal "$")',
    },
    {
      input: '${env:A-B}',
      error:
        'invalid environment variable reference "${env:A-B}": a name must match ^[a-zA-Z_][a-zA-Z0-9_]*$ (write "$$" for a literal "$")',
    },
    {
      input: `\${env:${'A'.repeat(201)}}`,
      error: `invalid environment variable reference "\${env:${'A'.repeat(201)}}": a name must match ^[a-zA-Z_][a-zA-Z0-9_]*$ (write "$$" for a literal "$")`,
    },
    {
      input: '${file:/run/secret}',
      error:
        'unsupported scheme "file" in "${file:/run/secret}" (only ${env:VAR} is supported; write "$$" for a literal "$")',
    },
    {
      input: 'a ${env:HOST',
      error:
        'unterminated reference "${env:HOST" (close it with "}", or write "$$" for a literal "$")',
    },
  ])('rejects $input', ({ input, error }) => {
    expect(expandEnv(input, env)).toEqual({ kind: 'error', messages: [error] });
  });

  it('reports every bad reference of one value', () => {
    expect(expandEnv('${A}/${B}', {})).toEqual({
      kind: 'error',
      messages: [
        'environment variable "A" is not set (use ${env:A:-default} to give a default)',
        'environment variable "B" is not set (use ${env:B:-default} to give a default)',
      ],
    });
  });
});
