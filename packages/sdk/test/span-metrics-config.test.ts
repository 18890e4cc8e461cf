// The count / sum / histogram connectors and genai_rollup through the real config loader: a bad
// condition is refused naming file:line:col of the condition and the column inside it.
import { describe, expect, it } from 'vitest';
import { config } from './helpers.js';

const yaml = (condition: string) => `receivers: { genai: {} }
processors: { genai_rollup: { max_spans: 10 } }
connectors:
  count:
    spans:
      deals:
        conditions:
          - 'name == "ok"'
          - '${condition}'
exporters: { debug: }
service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_rollup], exporters: [count] }
    metrics: { receivers: [count], exporters: [debug] }
`;

describe('span metrics in the YAML', () => {
  it('accepts valid conditions', () => {
    expect(config(yaml('status.code == STATUS_CODE_ERROR')).connectors.get('count')).toBeDefined();
  });

  it('refuses a bad condition with file:line:col, the key and the column inside the condition', () => {
    expect(() => config(yaml('attributes["a"] = 1'))).toThrow(
      '<inline>:9:13: connectors.count.spans.deals.conditions[1]: column 17: unexpected character "="',
    );
  });

  it('refuses a sum without source_attribute and an unknown rollup key', () => {
    expect(() =>
      config(`receivers: { genai: {} }
processors: { genai_rollup: { max_span: 10 } }
connectors: { sum: { spans: { cost: { unit: USD } } } }
exporters: { debug: }
service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_rollup], exporters: [sum] }
    metrics: { receivers: [sum], exporters: [debug] }
`),
    ).toThrow(
      '<inline>:2:31: processors.genai_rollup.max_span: unknown key "max_span" (valid keys: max_spans, max_pending_traces, max_conversations)\n<inline>:3:31: connectors.sum.spans.cost.source_attribute: is required',
    );
  });
});
