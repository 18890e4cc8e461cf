// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:VAR} is the syntax under test
import { describe, expect, it } from 'vitest';
import { fakeCatalog } from '../test/fake-catalog.js';
import { ConfigError } from './config-error.js';
import { loadConfigFile, parseConfig } from './parse-config.js';
import type { ResolvedComponent } from './types.js';

const catalog = fakeCatalog();
const testdata = (name: string) => new URL(`../testdata/${name}`, import.meta.url).pathname;

function component(
  id: string,
  type: string,
  kind: ResolvedComponent['kind'],
  config: unknown,
): ResolvedComponent {
  const slash = id.indexOf('/');
  return slash < 0
    ? { id, type, kind, config }
    : { id, type, kind, config, name: id.slice(slash + 1) };
}

describe('good files', () => {
  it('config.yaml: defaults merged, names, alias, empty bodies, service', () => {
    const config = loadConfigFile(testdata('config.yaml'), { catalog, env: {} });
    expect(config.file).toBe(testdata('config.yaml'));
    expect(config.receivers).toEqual(
      new Map([
        [
          'genai',
          component('genai', 'genai', 'receiver', {
            instrumentations: ['openai', 'anthropic'],
            capture_message_content: true,
          }),
        ],
      ]),
    );
    expect(config.processors).toEqual(
      new Map([
        [
          'batch',
          component('batch', 'batch', 'processor', {
            timeout: '200ms',
            send_batch_size: 8192,
            send_batch_max_size: 0,
          }),
        ],
        [
          'batch/fast',
          component('batch/fast', 'batch', 'processor', {
            timeout: '50ms',
            send_batch_size: 64,
            send_batch_max_size: 0,
          }),
        ],
        ['genai_cost', component('genai_cost', 'genai_cost', 'processor', {})],
      ]),
    );
    expect(config.exporters).toEqual(
      new Map([
        [
          'otlphttp/jaeger',
          component('otlphttp/jaeger', 'otlp_http', 'exporter', {
            endpoint: 'http://localhost:4318',
            headers: {},
            timeout: '30s',
            compression: 'gzip',
            encoding: 'proto',
            // Nested mappings merge key by key: only max_interval was written.
            retry_on_failure: { enabled: true, initial_interval: '5s', max_interval: '10s' },
          }),
        ],
        ['debug', component('debug', 'debug', 'exporter', { verbosity: 'detailed' })],
        [
          'file/spans',
          component('file/spans', 'file', 'exporter', { format: 'json', path: './spans.jsonl' }),
        ],
        ['debug/unused', component('debug/unused', 'debug', 'exporter', { verbosity: 'basic' })],
      ]),
    );
    expect(config.connectors).toEqual(
      new Map([
        [
          'genai_metrics',
          component('genai_metrics', 'genai_metrics', 'connector', { namespace: 'gen_ai' }),
        ],
      ]),
    );
    expect(config.extensions).toEqual(
      new Map([
        [
          'health_check',
          component('health_check', 'health_check', 'extension', { endpoint: '127.0.0.1:13133' }),
        ],
      ]),
    );
    expect(config.pipelines).toEqual([
      {
        id: 'traces',
        signal: 'traces',
        receivers: ['genai'],
        processors: ['genai_cost', 'batch/fast'],
        exporters: ['otlphttp/jaeger', 'file/spans', 'genai_metrics'],
      },
      {
        id: 'metrics',
        signal: 'metrics',
        receivers: ['genai_metrics'],
        processors: ['batch'],
        exporters: ['debug'],
      },
    ]);
    expect(config.serviceExtensions).toEqual(['health_check']);
    expect(config.telemetry).toEqual({
      logs: { level: 'warn' },
      resource: { 'deployment.environment': 'dev' },
    });
  });

  it('env.yaml: all four forms, typed whole values, text inside strings, $$', () => {
    const config = loadConfigFile(testdata('env.yaml'), {
      catalog,
      env: {
        BATCH_SIZE: '256',
        BATCH_TIMEOUT: '2s',
        OTLP_HOST: 'collector',
        API_KEY: '0123',
        VERBOSITY: 'normal',
        EMPTY: '',
      },
    });
    // ${env:CAPTURE:-true}, unset: the default's text, typed as YAML → boolean.
    expect(config.receivers.get('genai')?.config).toEqual({
      instrumentations: ['openai', 'anthropic'],
      capture_message_content: true,
    });
    // Bare ${BATCH_SIZE} = "256" → the number 256; a duration stays a string.
    expect(config.processors.get('batch')?.config).toEqual({
      timeout: '2s',
      send_batch_size: 256,
      send_batch_max_size: 0,
    });
    const otlp = config.exporters.get('otlp_http')?.config as Record<string, unknown>;
    expect(otlp.endpoint).toBe('http://collector:4318');
    expect(otlp.headers).toEqual({
      // YAML would read 0123 as the number 123; the setting wants a string, so the text is kept.
      'x-api-key': '0123',
      'x-price': '$5 per ${env:NOT_EXPANDED} and $HOME',
      'x-team': 'platform',
      // Set but empty: the default only applies to unset variables, as in the collector.
      'x-empty': '',
    });
    expect(config.exporters.get('debug')?.config).toEqual({ verbosity: 'normal' });
  });

  it('minimal.yaml: no processors, empty bodies everywhere', () => {
    const config = loadConfigFile(testdata('minimal.yaml'), { catalog, env: {} });
    expect(config.pipelines).toEqual([
      {
        id: 'traces',
        signal: 'traces',
        receivers: ['genai'],
        processors: [],
        exporters: ['debug'],
      },
    ]);
    expect(config.processors.size).toBe(0);
    expect(config.telemetry).toEqual({});
    expect(config.serviceExtensions).toEqual([]);
  });
});

describe('ConfigError', () => {
  it('carries structured issues sorted by position', () => {
    let caught: unknown;
    try {
      loadConfigFile(testdata('wrong-signal.yaml'), { catalog, env: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as ConfigError;
    expect(error.name).toBe('ConfigError');
    expect(error.issues.map((i) => [i.line, i.column, i.path])).toEqual([
      [10, 19, 'service.pipelines.metrics.exporters[0]'],
      [12, 19, 'service.pipelines.logs.receivers[0]'],
      [13, 19, 'service.pipelines.logs.exporters[0]'],
    ]);
    expect(error.issues[0]).toEqual({
      file: testdata('wrong-signal.yaml'),
      line: 10,
      column: 19,
      path: 'service.pipelines.metrics.exporters[0]',
      message: 'exporter "file" does not support metrics (it supports: traces)',
    });
  });

  it('names an unreadable file without a position', () => {
    expect(() => loadConfigFile('/nonexistent/genai-otel.yaml', { catalog })).toThrow(
      new ConfigError([
        {
          file: '/nonexistent/genai-otel.yaml',
          line: 0,
          column: 0,
          path: '',
          message: 'cannot read the config file: no such file',
        },
      ]),
    );
    expect(() => loadConfigFile('/nonexistent/genai-otel.yaml', { catalog })).toThrow(
      '/nonexistent/genai-otel.yaml: cannot read the config file: no such file',
    );
  });
});

describe('parseConfig', () => {
  const pipeline = `
service:
  pipelines:
    traces: { receivers: [genai], processors: [batch], exporters: [debug] }
receivers: { genai: }
exporters: { debug: }`;

  function batchConfig(body: string, env: Record<string, string>): unknown {
    const config = parseConfig(`processors:\n  batch:\n${body}${pipeline}`, { catalog, env });
    return config.processors.get('batch')?.config;
  }

  it('uses <inline> as the file name unless given one', () => {
    expect(() => parseConfig('receivers: {}\n', { catalog, env: {} })).toThrow(
      '<inline>:1:1: service: must have at least one pipeline',
    );
    expect(() => parseConfig('receivers: {}\n', { catalog, env: {}, file: 'a.yaml' })).toThrow(
      'a.yaml:1:1: service: must have at least one pipeline',
    );
  });

  it('reads process.env when no env is given', () => {
    process.env.GENAI_OTEL_CONFIG_TEST_SIZE = '77';
    try {
      const config = parseConfig(
        `processors:\n  batch:\n    send_batch_size: \${env:GENAI_OTEL_CONFIG_TEST_SIZE}${pipeline}`,
        { catalog },
      );
      expect(config.processors.get('batch')?.config).toMatchObject({ send_batch_size: 77 });
    } finally {
      delete process.env.GENAI_OTEL_CONFIG_TEST_SIZE;
    }
  });

  it.each<{ body: string; env: Record<string, string>; want: object }>([
    // A whole-value reference takes the YAML type of the text…
    { body: '    send_batch_size: ${env:N}', env: { N: '4318' }, want: { send_batch_size: 4318 } },
    // …quoted or not, as in the collector (quotes are gone once YAML is parsed).
    { body: '    send_batch_size: "${N}"', env: { N: '12' }, want: { send_batch_size: 12 } },
    { body: '    timeout: ${env:T:-1s}', env: {}, want: { timeout: '1s' } },
    { body: '    timeout: ${env:T}', env: { T: '1500' }, want: { timeout: 1500 } },
    // Inside a longer string the result stays a string.
    { body: '    timeout: ${env:N}0ms', env: { N: '25' }, want: { timeout: '250ms' } },
  ])('typed substitution: $body with $env', ({ body, env, want }) => {
    expect(batchConfig(`${body}\n`, env)).toMatchObject(want);
  });

  it('keeps a substituted value that a schema rejects as is, with an exact position', () => {
    expect(() => batchConfig('    timeout: ${env:T}\n', { T: 'true' })).toThrow(
      // The typed value (true) failed and "true" is no duration either: the text is reported.
      '<inline>:3:14: processors.batch.timeout: must be a duration like "5s" or a number of milliseconds (got "true")',
    );
  });

  it('types a list from a variable', () => {
    const config = parseConfig(
      `receivers:\n  genai:\n    instrumentations: \${env:INSTR}${pipeline.replace('receivers: { genai: }', '')}\nprocessors: { batch: }`,
      { catalog, env: { INSTR: '[openai, bedrock]' } },
    );
    expect(config.receivers.get('genai')?.config).toEqual({
      instrumentations: ['openai', 'bedrock'],
      capture_message_content: false,
    });
  });

  it('follows YAML anchors, aliases and merge keys', () => {
    const config = parseConfig(
      `exporters:
  otlp_http/a: &common
    timeout: 5s
    headers: { x-team: ai }
  otlp_http/b:
    <<: *common
    timeout: 9s
${pipeline.replace('exporters: [debug]', 'exporters: [otlp_http/a, otlp_http/b]').replace('exporters: { debug: }', '')}
processors: { batch: }`,
      { catalog, env: {} },
    );
    expect(config.exporters.get('otlp_http/a')?.config).toMatchObject({
      timeout: '5s',
      headers: { 'x-team': 'ai' },
    });
    expect(config.exporters.get('otlp_http/b')?.config).toMatchObject({
      timeout: '9s',
      headers: { 'x-team': 'ai' },
    });
  });

  it('treats an empty file as an empty config', () => {
    expect(() => parseConfig('', { catalog, env: {} })).toThrow(
      '<inline>:1:1: service: must have at least one pipeline',
    );
  });

  it('positions errors the same with CRLF line ends and a BOM', () => {
    const text = '\uFEFFreceivers:\r\n  genai:\r\n    capture_message_content: maybe\r\n';
    expect(() => parseConfig(text, { catalog, env: {} })).toThrow(
      [
        '<inline>:1:1: service: must have at least one pipeline',
        '<inline>:3:30: receivers.genai.capture_message_content: must be a boolean (true or false) (got "maybe")',
      ].join('\n'),
    );
  });

  it('rejects a second YAML document', () => {
    expect(() => parseConfig('receivers: {}\n---\nexporters: {}\n', { catalog, env: {} })).toThrow(
      '<inline>:2:1: a config file holds a single YAML document; remove the "---" and what follows',
    );
  });

  it('works with a catalog whose get() resolves aliases itself', () => {
    const base = fakeCatalog();
    const resolving = {
      get: (kind: Parameters<typeof base.get>[0], type: string) =>
        base.get(kind, type === 'otlphttp' ? 'otlp_http' : type),
      types: base.types,
    };
    const config = parseConfig(
      `exporters: { otlphttp: }\nreceivers: { genai: }\nservice: { pipelines: { traces: { receivers: [genai], exporters: [otlphttp] } } }`,
      { catalog: resolving, env: {} },
    );
    expect(config.exporters.get('otlphttp')).toMatchObject({ id: 'otlphttp', type: 'otlp_http' });
  });

  it('reports a component whose validate() throws instead of crashing', () => {
    const base = fakeCatalog();
    const throwing = {
      get: (kind: Parameters<typeof base.get>[0], type: string) => {
        const info = base.get(kind, type);
        return info?.type === 'debug'
          ? {
              ...info,
              validate: () => {
                throw new Error('boom');
              },
            }
          : info;
      },
      types: base.types,
    };
    expect(() =>
      parseConfig(
        'receivers: { genai: }\nexporters:\n  debug:\nservice: { pipelines: { traces: { receivers: [genai], exporters: [debug] } } }',
        { catalog: throwing, env: {} },
      ),
    ).toThrow('<inline>:3:3: exporters.debug: internal error validating exporter "debug": boom');
  });

  it('never shares default objects between loads', () => {
    const first = loadConfigFile(testdata('minimal.yaml'), { catalog, env: {} });
    const genai = first.receivers.get('genai')!.config as { instrumentations: string[] };
    genai.instrumentations.push('bedrock');
    const second = loadConfigFile(testdata('minimal.yaml'), { catalog, env: {} });
    expect(second.receivers.get('genai')?.config).toMatchObject({
      instrumentations: ['openai', 'anthropic'],
    });
  });
});
