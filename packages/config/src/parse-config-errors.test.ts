// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:VAR} is the syntax under test
import { describe, expect, it } from 'vitest';
import { fakeCatalog } from '../test/fake-catalog.js';
import { ConfigError } from './config-error.js';
import { loadConfigFile } from './parse-config.js';

const catalog = fakeCatalog();
const testdata = (name: string) => new URL(`../testdata/${name}`, import.meta.url).pathname;

/** Loads a fixture expecting failure; returns the report with the fixture's directory removed. */
function errorsOf(name: string, env: Record<string, string> = {}): string[] {
  try {
    loadConfigFile(testdata(name), { catalog, env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n').map((line) => line.replace(testdata(''), ''));
  }
  throw new Error(`${name} loaded without errors`);
}

describe('bad files report every issue with file:line:col', () => {
  const cases: { fixture: string; env?: Record<string, string>; expected: string[] }[] = [
    {
      fixture: 'syntax-error.yaml',
      // Only the syntax error: nothing is validated from a half-parsed document.
      expected: [
        'syntax-error.yaml:4:1: YAML syntax error: All mapping items must start at the same column',
      ],
    },
    {
      fixture: 'flow-env-unquoted.yaml',
      expected: [
        'flow-env-unquoted.yaml:2:27: YAML syntax error: Unexpected flow-map-start at node end (inside [ ] or { }, quote a value that holds ${...}, e.g. "${env:VAR}")',
      ],
    },
    {
      // The parser reads an alias without an anchor as null and says nothing: strict or not,
      // the file is refused.
      fixture: 'undefined-alias.yaml',
      expected: [
        'undefined-alias.yaml:4:10: processors.batch: undefined alias *nope: no anchor &nope is defined before it',
      ],
    },
    {
      fixture: 'absurd-duration.yaml',
      expected: [
        'absurd-duration.yaml:5:14: processors.batch.timeout: must be at most 596h31m23.647s (2147483647 ms, 24.8 days: the longest a timer can wait) (got "99999999999h")',
        'absurd-duration.yaml:7:14: processors.batch/ms.timeout: must be at most 596h31m23.647s (2147483647 ms, 24.8 days: the longest a timer can wait) (got 1000000000000000)',
      ],
    },
    {
      fixture: 'duplicate-key.yaml',
      expected: [
        'duplicate-key.yaml:6:5: exporters.debug.verbosity: duplicate key "verbosity" (first defined at line 5)',
      ],
    },
    {
      fixture: 'unknown-top-level.yaml',
      expected: [
        'unknown-top-level.yaml:1:1: recievers: unknown key "recievers" (valid keys: receivers, processors, exporters, connectors, extensions, service)',
        'unknown-top-level.yaml:8:19: service.pipelines.traces.receivers[0]: references receiver "genai" which is not configured',
      ],
    },
    {
      fixture: 'unknown-type.yaml',
      expected: [
        'unknown-type.yaml:4:3: processors.foo/bar: unknown type "foo" for id "foo/bar" (valid values: batch, genai_cost)',
        'unknown-type.yaml:5:3: processors.debug: unknown type "debug" for id "debug" (valid values: batch, genai_cost); "debug" is an exporter, configure it under exporters',
        'unknown-type.yaml:7:3: exporters.prometheus: unknown type "prometheus" for id "prometheus" (valid values: debug, file, otlp_http)',
      ],
    },
    {
      // The pipeline and service.extensions name the unknown-type ids: configured, so nothing
      // more is said of them than their type.
      fixture: 'unknown-type-referenced.yaml',
      expected: [
        'unknown-type-referenced.yaml:6:3: processors.foo/bar: unknown type "foo" for id "foo/bar" (valid values: batch, genai_cost)',
        'unknown-type-referenced.yaml:9:3: exporters.zipkin/eu: unknown type "zipkin" for id "zipkin/eu" (valid values: debug, file, otlp_http)',
        'unknown-type-referenced.yaml:12:3: connectors.spanmetrics: unknown type "spanmetrics" for id "spanmetrics" (valid values: genai_metrics)',
        'unknown-type-referenced.yaml:14:3: extensions.pprof: unknown type "pprof" for id "pprof" (valid values: health_check)',
      ],
    },
    {
      fixture: 'bad-ids.yaml',
      expected: [
        'bad-ids.yaml:2:3: receivers.Genai: must be a component id type[/name], the type matching ^[a-z][a-z0-9_]*$ and the name not empty (got "Genai")',
        'bad-ids.yaml:3:3: receivers.genai/: must be a component id type[/name], the type matching ^[a-z][a-z0-9_]*$ and the name not empty (got "genai/")',
        'bad-ids.yaml:6:10: exporters.debug: must be a mapping or empty (got 5)',
        'bad-ids.yaml:10:26: service.pipelines.traces.receivers[1]: must be a component id type[/name], the type matching ^[a-z][a-z0-9_]*$ and the name not empty (got "Genai")',
        'bad-ids.yaml:11:18: service.pipelines.traces.exporters: must be a list (got "debug")',
      ],
    },
    {
      fixture: 'dangling-reference.yaml',
      expected: [
        'dangling-reference.yaml:11:20: service.pipelines.traces.processors[0]: references processor "batch" which is not configured',
        'dangling-reference.yaml:11:27: service.pipelines.traces.processors[1]: references processor "genai_metrics" which is not configured (there is a connector "genai_metrics" under connectors)',
        'dangling-reference.yaml:12:26: service.pipelines.traces.exporters[1]: references exporter "x" which is not configured',
      ],
    },
    {
      fixture: 'wrong-type.yaml',
      expected: [
        'wrong-type.yaml:3:30: receivers.genai.capture_message_content: must be a boolean (true or false) (got "yes")',
        'wrong-type.yaml:6:14: processors.batch.timeout: must be a duration like "5s" or a number of milliseconds (got [1])',
        'wrong-type.yaml:7:22: processors.batch.send_batch_size: must be an integer (got "10")',
        'wrong-type.yaml:10:14: exporters.otlp_http.timeout: must be a duration like "5s" or a number of milliseconds (got "fast")',
        'wrong-type.yaml:11:23: exporters.otlp_http.retry_on_failure: must be a mapping (got true)',
      ],
    },
    {
      fixture: 'unknown-key.yaml',
      expected: [
        'unknown-key.yaml:6:5: exporters.otlp_http/jaeger.timout: unknown key "timout" (valid keys: endpoint, headers, timeout, compression, encoding, retry_on_failure)',
        'unknown-key.yaml:9:7: exporters.otlp_http/jaeger.retry_on_failure.max_intervl: unknown key "max_intervl" (valid keys: enabled, initial_interval, max_interval)',
        'unknown-key.yaml:15:5: service.pipelines.tarces/x: must be a pipeline id <signal>[/<name>] with signal one of traces, metrics, logs (got "tarces/x")',
      ],
    },
    {
      fixture: 'missing-required.yaml',
      // A missing key is reported at its nearest existing ancestor: the component's id.
      expected: [
        'missing-required.yaml:4:3: exporters.file.path: is required',
        'missing-required.yaml:6:11: exporters.file/empty.path: must be at least 1 character long (got "")',
      ],
    },
    {
      fixture: 'component-validate.yaml',
      expected: [
        'component-validate.yaml:6:26: processors.batch.send_batch_max_size: must be 0 or at least send_batch_size (512)',
      ],
    },
    {
      fixture: 'missing-env.yaml',
      expected: [
        'missing-env.yaml:5:15: exporters.otlp_http.endpoint: environment variable "OTEL_FOO" is not set (use ${env:OTEL_FOO:-default} to give a default)',
        'missing-env.yaml:7:22: exporters.otlp_http.headers.authorization: environment variable "TOKEN" is not set (use ${env:TOKEN:-default} to give a default)',
      ],
    },
    {
      fixture: 'bad-env-reference.yaml',
      expected: [
        'bad-env-reference.yaml:5:15: exporters.otlp_http.endpoint: invalid environment variable reference "${env:1BAD}": a name must match ^[a-zA-Z_][a-zA-Z0-9_]*$ (write "$$" for a literal "$")',
        'bad-env-reference.yaml:7:10: exporters.otlp_http.headers.a: unsupported scheme "file" in "${file:/etc/token}" (only ${env:VAR} is supported; write "$$" for a literal "$")',
        'bad-env-reference.yaml:8:10: exporters.otlp_http.headers.b: unterminated reference "${env:UNCLOSED" (close it with "}", or write "$$" for a literal "$")',
        'bad-env-reference.yaml:9:10: exporters.otlp_http.headers.c: invalid environment variable reference "${}": a name must match ^[a-zA-Z_][a-zA-Z0-9_]*$ (write "$$" for a literal "$")',
      ],
    },
    {
      fixture: 'no-exporters.yaml',
      expected: [
        'no-exporters.yaml:7:5: service.pipelines.traces: must have at least one exporter',
        'no-exporters.yaml:10:18: service.pipelines.traces/empty.receivers: must have at least one receiver',
        'no-exporters.yaml:11:18: service.pipelines.traces/empty.exporters: must have at least one exporter',
        'no-exporters.yaml:12:5: service.pipelines.metrics: must have at least one receiver',
        'no-exporters.yaml:12:5: service.pipelines.metrics: must have at least one exporter',
      ],
    },
    {
      fixture: 'wrong-signal.yaml',
      expected: [
        'wrong-signal.yaml:10:19: service.pipelines.metrics.exporters[0]: exporter "file" does not support metrics (it supports: traces)',
        'wrong-signal.yaml:12:19: service.pipelines.logs.receivers[0]: receiver "genai" does not support logs (it supports: traces, metrics)',
        'wrong-signal.yaml:13:19: service.pipelines.logs.exporters[0]: exporter "file" does not support logs (it supports: traces)',
      ],
    },
    {
      fixture: 'connector-wrong-signal.yaml',
      expected: [
        'connector-wrong-signal.yaml:10:19: service.pipelines.traces.receivers[0]: connector "genai_metrics" cannot be a receiver of a traces pipeline: it connects traces to metrics',
        'connector-wrong-signal.yaml:14:19: service.pipelines.metrics.exporters[0]: connector "genai_metrics" cannot be an exporter of a metrics pipeline: it connects traces to metrics',
      ],
    },
    {
      fixture: 'connector-one-sided.yaml',
      expected: [
        'connector-one-sided.yaml:12:26: service.pipelines.traces.exporters[1]: connector "genai_metrics" is an exporter here but no metrics pipeline lists it as a receiver',
        'connector-one-sided.yaml:14:19: service.pipelines.metrics.receivers[0]: connector "genai_metrics/orphan" is a receiver here but no traces pipeline lists it as an exporter',
      ],
    },
    {
      fixture: 'empty-service.yaml',
      expected: ['empty-service.yaml:5:1: service: must have at least one pipeline'],
    },
    {
      fixture: 'no-service.yaml',
      expected: ['no-service.yaml:1:1: service: must have at least one pipeline'],
    },
    {
      fixture: 'not-a-mapping.yaml',
      expected: [
        'not-a-mapping.yaml:1:1: the top level must be a mapping of sections (receivers, processors, exporters, connectors, extensions, service)',
      ],
    },
    {
      fixture: 'several-errors.yaml',
      expected: [
        'several-errors.yaml:4:32: receivers.genai.instrumentations[1]: must be one of: openai, anthropic, bedrock (got "cohere")',
        'several-errors.yaml:7:14: processors.batch.timeout: must be a duration like "5s" or a number of milliseconds (got "soon")',
        'several-errors.yaml:10:15: exporters.otlp_http.endpoint: environment variable "MISSING_ENDPOINT" is not set (use ${env:MISSING_ENDPOINT:-default} to give a default)',
        'several-errors.yaml:11:18: exporters.otlp_http.compression: must be one of: gzip, none (got "zstd")',
        'several-errors.yaml:13:16: exporters.debug.verbosity: must be one of: basic, normal, detailed (got "loud")',
        'several-errors.yaml:14:1: extra: unknown key "extra" (valid keys: receivers, processors, exporters, connectors, extensions, service)',
        'several-errors.yaml:16:16: service.extensions[0]: references extension "health_check" which is not configured',
        'several-errors.yaml:19:26: service.pipelines.traces.receivers[1]: references receiver "otlp" which is not configured',
        'several-errors.yaml:21:37: service.pipelines.traces.exporters[2]: references exporter "jaeger" which is not configured',
      ],
    },
  ];

  it.each(cases)('$fixture', ({ fixture, env, expected }) => {
    expect(errorsOf(fixture, env)).toEqual(expected);
  });
});
