import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeCatalog } from '../test/fake-catalog.js';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The first fenced block of `lang` after `marker` in the README. */
function block(marker: string, lang: string): string {
  const start = readme.indexOf(marker);
  expect(start, marker).toBeGreaterThanOrEqual(0);
  const open = readme.indexOf(`\`\`\`${lang}\n`, start) + lang.length + 4;
  return readme.slice(open, readme.indexOf('```', open));
}

describe('README examples are true', () => {
  it('the example file loads', () => {
    const config = parseConfig(block('## The file', 'yaml'), { catalog: fakeCatalog(), env: {} });
    expect(config.exporters.get('otlphttp/jaeger')).toMatchObject({
      type: 'otlp_http',
      name: 'jaeger',
      config: { endpoint: 'http://localhost:4318' },
    });
    expect(config.pipelines.map((p) => p.id)).toEqual(['traces', 'metrics']);
  });

  it('the error report is what the loader prints', () => {
    let message = '';
    try {
      parseConfig(block('For this `bad.yaml`', 'yaml'), {
        file: 'bad.yaml',
        catalog: fakeCatalog(),
        env: {},
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as ConfigError).message;
    }
    expect(`${message}\n`).toBe(block('`ConfigError.message` reads', 'text'));
  });
});
