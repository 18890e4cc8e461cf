import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { bufferIO } from './buffer-io.js';

const testdata = (name: string) => fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));
const repoConfig = (name: string) =>
  fileURLToPath(new URL(`../../../collector-config/${name}`, import.meta.url));

describe('genai-otel validate', () => {
  it('a valid file: exit 0 and one line with its pipelines', async () => {
    const io = bufferIO();
    const good = testdata('good.yaml');
    expect(await main(['validate', good], io)).toBe(0);
    expect(io.stdout()).toBe(
      `${good}: valid; 2 pipelines: traces [genai → genai_cost, batch → otlp_http/jaeger, genai_metrics]; metrics [genai_metrics → prometheus]\n`,
    );
    expect(io.stderr()).toBe('');
  });

  it("the repository's shipped configs are valid", async () => {
    const io = bufferIO();
    const files = ['local.yaml', 'jaeger.yaml', 'cloudwatch.yaml'].map(repoConfig);
    expect(await main(['validate', ...files], io)).toBe(0);
    expect(io.stdout().trim().split('\n')).toHaveLength(3);
  });

  it("docs/python.md's one YAML (Jaeger, LangSmith, Prometheus, CloudWatch) is valid", async () => {
    const guide = readFileSync(
      fileURLToPath(new URL('../../../docs/python.md', import.meta.url)),
      'utf8',
    );
    const block = guide.match(/```yaml\n(receivers:[\s\S]*?)```/)?.[1];
    expect(block).toContain('langsmith');
    const file = join(mkdtempSync(join(tmpdir(), 'python-guide-')), 'collector.yaml');
    writeFileSync(file, block!);
    // The one variable it needs without a default: the guide says to set it.
    const io = bufferIO({ LANGSMITH_API_KEY: 'lsv2_guide' });
    expect(await main(['validate', file], io), io.stderr()).toBe(0);
    expect(io.stdout()).toBe(
      `${file}: valid; 2 pipelines: traces [otlp → genai_cost, batch → otlp_http/jaeger, langsmith, genai_metrics]; metrics [genai_metrics → prometheus, awsemf]\n`,
    );
  });

  it('a bad file: every problem with file:line:col and the key, exit 1', async () => {
    const io = bufferIO();
    const bad = testdata('bad.yaml');
    const good = testdata('good.yaml');
    expect(await main(['validate', good, bad], io)).toBe(1);
    // The good one is still reported as valid.
    expect(io.stdout()).toContain(`${good}: valid;`);
    const lines = io.stderr().trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^${bad}:4:21: processors\\.batch\\.timeout: `));
    expect(lines[1]).toMatch(
      new RegExp(`^${bad}:6:68: exporters\\.otlp_http/jaeger\\.encoding: .*proto.*json`),
    );
    expect(lines[2]).toMatch(
      new RegExp(`^${bad}:9:86: service\\.pipelines\\.traces\\.exporters\\[1\\]: .*langsmith`),
    );
    expect(lines[3]).toBe(`${bad}: 3 problems`);
  });

  it('a missing file is named, exit 1; no file is a usage error', async () => {
    const io = bufferIO();
    expect(await main(['validate', '/nonexistent/x.yaml'], io)).toBe(1);
    expect(io.stderr()).toBe(
      '/nonexistent/x.yaml: cannot read the config file: no such file\n/nonexistent/x.yaml: 1 problem\n',
    );
    const none = bufferIO();
    expect(await main(['validate'], none)).toBe(64);
    expect(none.stderr()).toContain('validate needs at least one FILE');
  });
});
